using McpMemory.Core;
using McpMemory.Core.Procedural;

namespace McpMemory.Tests.Procedural;

/// <summary>Steps as templates: placeholders, literal braces, defaults, allowed values and the errors that name an argument.</summary>
public sealed class SkillTemplateTests
{
    private static readonly Skill Backup = new()
    {
        Name = "backup-db",
        Description = "Back up a database.",
        Version = 3,
        Parameters =
        [
            new SkillParameter { Name = "db", Required = true, Description = "Which database" },
            new SkillParameter { Name = "target", Default = "s3", Values = ["s3", "disk"] },
            new SkillParameter { Name = "label" },
        ],
        Steps = ["Dump {db} to {target}.", "Tag it '{label}' and keep {{db}} literal; {unknown} stays; a lone { too."],
        Tools = ["pg_dump"],
    };

    [Fact]
    public void Render_WithDefaultsAndEscapes_FillsEveryPlaceholderOnce()
    {
        var rendered = SkillTemplate.Render(Backup, new Dictionary<string, string> { ["db"] = "orders" });

        Assert.Equal(["Dump orders to s3.", "Tag it '' and keep {db} literal; {unknown} stays; a lone { too."], rendered.Steps);
        Assert.Equal(new Dictionary<string, string> { ["db"] = "orders", ["target"] = "s3", ["label"] = "" }, rendered.Arguments);
        Assert.Equal("Skill 'backup-db' (version 3): Back up a database.\nTools: pg_dump\nArguments: db=orders, target=s3, label=\n\n1. Dump orders to s3.\n2. Tag it '' and keep {db} literal; {unknown} stays; a lone { too.", rendered.Text);
        Assert.Equal(["db", "label", "unknown"], SkillTemplate.Placeholders("{db} {label} {{x}} {db} {unknown}"));
    }

    [Theory]
    [InlineData("""{"target":"s3"}""", "'arguments.db' is missing")]
    [InlineData("""{"db":"a","colour":"red","size":"xl"}""", "'arguments.colour' is not a parameter of skill 'backup-db' (nor are 'size'): its parameters are 'db', 'target', 'label'.")]
    [InlineData("""{"db":"a","target":"tape"}""", "'arguments.target' is 'tape', which skill 'backup-db' does not allow: use one of 's3', 'disk'.")]
    public void Render_BadArguments_FailWithAnErrorNamingTheArgument(string arguments, string expected)
    {
        var values = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(arguments)!;

        var error = Assert.Throws<McpMemoryException>(() => SkillTemplate.Render(Backup, values));

        Assert.Equal(McpMemoryErrorCodes.InvalidArgument, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}

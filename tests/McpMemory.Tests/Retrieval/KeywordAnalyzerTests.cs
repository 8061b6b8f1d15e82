using McpMemory.Core.Retrieval;

namespace McpMemory.Tests.Retrieval;

public sealed class KeywordAnalyzerTests
{
    [Fact]
    public void Standard_DropsStopWordsAndPluralsAndPossessives()
    {
        var terms = KeywordAnalyzer.Standard.Analyze("What are Caroline's favourite Books, and the PUPPIES?");

        Assert.Equal(["caroline", "favourite", "book", "puppy"], terms);
    }

    [Fact]
    public void Plain_KeepsEveryWordLowerCased()
    {
        var terms = KeywordAnalyzer.Plain.Analyze("The Cats, 2024!");

        Assert.Equal(["the", "cats", "2024"], terms);
    }
}

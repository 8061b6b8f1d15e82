namespace McpMemory.Tests.Embeddings;

public sealed class OnnxTokenizationTests : IClassFixture<MiniLMModelFixture>
{
    private readonly MiniLMModelFixture _fixture;

    public OnnxTokenizationTests(MiniLMModelFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public void Tokenize_HelloWorld_ReturnsVocabularyIds()
    {
        // vocab.txt (0-based lines): 101 [CLS], 102 [SEP], 2088 world, 7592 hello.
        var ids = _fixture.Onnx.Tokenize("hello world", isQuery: false);

        Assert.Equal([101, 7592, 2088, 102], ids);
    }

    [Fact]
    public void Tokenize_UpperCaseAndAccents_LowerCasesAndStripsAccents()
    {
        // The models are uncased: "Café" must become "cafe" (id 7668), not [UNK] (100).
        var ids = _fixture.Onnx.Tokenize("Hello CAFÉ", isQuery: false);

        Assert.Equal([101, 7592, 7668, 102], ids);
    }

    [Theory]
    [InlineData("hello\nworld")]
    [InlineData("hello\r\nworld")]
    [InlineData("hello\tworld")]
    [InlineData("hello\u00A0world")]
    public void Tokenize_WordsSeparatedByOtherWhitespace_SplitsThemAsBySpace(string text)
    {
        // The original BERT tokenizer reads tabs and line breaks as spaces; gluing "hello\nworld" into one word would
        // give [101, 7592, 11108, 102] ("hello", "##world").
        var ids = _fixture.Onnx.Tokenize(text, isQuery: false);

        Assert.Equal([101, 7592, 2088, 102], ids);
    }

    [Fact]
    public void CountTokens_TextWithLineBreaks_CountsLikeSpaces()
    {
        Assert.Equal(4, _fixture.Onnx.CountTokens("hello\nworld\r\nhello\tworld"));
    }

    [Fact]
    public void Tokenize_QueryOnSymmetricModel_AddsNothing()
    {
        var ids = _fixture.Onnx.Tokenize("hello world", isQuery: true);

        Assert.Equal([101, 7592, 2088, 102], ids);
    }

    [Fact]
    public void Tokenize_TextLongerThanWindow_TruncatesToWindowEndingWithSeparator()
    {
        var text = string.Join(' ', Enumerable.Repeat("hello world", 400));

        var ids = _fixture.Onnx.Tokenize(text, isQuery: false);

        Assert.Equal(256, ids.Count);
        Assert.Equal(101, ids[0]);
        Assert.Equal(102, ids[^1]);
        Assert.Equal(7592, ids[1]);
    }
}

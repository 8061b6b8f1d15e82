using McpMemory.Core.Cache;

namespace McpMemory.Tests.Cache;

/// <summary>The guard on its own: what it turns down and what it lets through. (Its measured effect is the cache benchmark's.)</summary>
public sealed class CacheGuardTests
{
    [Theory]
    [InlineData("How do I renew a passport in Canada?", "How do I not renew a passport in Canada?", "negation")]
    [InlineData("Why doesn't the build cache work?", "Why does the build cache work?", "negation")]
    [InlineData("Is the lake water drinkable?", "Is the lake water undrinkable?", "negation")]
    [InlineData("When does the library open on Sundays?", "When does the library close on Sundays?", "negation")]
    [InlineData("Brew coffee with a filter", "Brew coffee without a filter", "negation")]
    [InlineData("What is 7% of 120?", "What is 9% of 120?", "number")]
    [InlineData("How many grams are in three ounces?", "How many grams are in 4 ounces?", "number")]
    [InlineData("Who was the sixth king of Spain?", "Who was the seventh king of Spain?", "number")]
    [InlineData("What were the headlines on March 3?", "What were the headlines on March 4?", "date")]
    [InlineData("Which concerts are on Saturday?", "Which concerts are on Sunday?", "date")]
    [InlineData("What rained in Oslo yesterday?", "What rained in Oslo today?", "date")]
    [InlineData("Who won the Tour de France in 2003?", "Who won the Tour de France in 2005?", "date")]
    [InlineData("What is the population of Lisbon?", "What is the population of Porto?", "entity")]
    [InlineData("How do I reset a password in Jira?", "How do I reset a password in Confluence?", "entity")]
    [InlineData("Convert 20 GBP to JPY", "Convert 20 JPY to GBP", "order")]
    [InlineData("How many inches are in 3 centimeters?", "How many centimeters are in 3 inches?", "order")]
    [InlineData("Is oak harder than pine?", "Is pine harder than oak?", "order")]
    [InlineData("Is silver heavier than copper?", "Is silver lighter than copper?", "order")]
    [InlineData("Bus times from Leeds to York", "Bus times from York to Leeds", "order")]
    [InlineData("How do I convert USD to EUR?", "How do I convert EUR to dollars?", "order")]
    [InlineData("How do I convert USD to EUR?", "Convert euros to dollars", "order")]
    [InlineData("Is 7 greater than 5?", "Is 5 greater than 7?", "order")]
    [InlineData("Does the medication cause drowsiness?", "Does the medication prevent drowsiness?", "negation")]
    [InlineData("what's the boiling point of water at sea level", "what's the freezing point of water at sea level", "negation")]
    [InlineData("What is the latest version of python", "What is the oldest version of python", "order")]
    public void Check_QuestionsThatDifferInWhatMatters_AreRejectedByTheRightCheck(string stored, string query, string check)
    {
        var verdict = CacheGuard.Check(stored, query);

        Assert.False(verdict.Accepted, $"'{stored}' / '{query}' was accepted");
        Assert.Equal(check, verdict.Check);
        Assert.False(string.IsNullOrWhiteSpace(verdict.Reason));
    }

    [Theory]
    [InlineData("How do I convert 100 US dollars to euros?", "How can I convert 100 US dollars into euros?")]
    [InlineData("How do I convert USD to EUR?", "How do I convert US dollars to euros?")]
    [InlineData("What is 100 GBP in yen?", "What is 100 pounds sterling in JPY?")]
    [InlineData("What is the capital of France?", "Which city is the capital of France?")]
    [InlineData("Hugging Face Hub is a platform to host Git-based models.", "The HF Hub hosts Git-based models.")]
    [InlineData("Is the museum open on Mondays?", "Does the museum open on Mondays?")]
    [InlineData("What is five plus seven?", "What is 5 plus 7?")]
    [InlineData("Why isn't my code compiling?", "Why is my code not compiling?")]
    [InlineData("Gradio builds machine learning demos in a few lines of Python.", "With Gradio you create machine learning demos in a few lines of Python code.")]
    public void Check_Paraphrases_AreAccepted(string stored, string query)
    {
        var verdict = CacheGuard.Check(stored, query);

        Assert.True(verdict.Accepted, $"'{stored}' / '{query}' was rejected: {verdict.Reason}");
        Assert.Null(verdict.Check);
    }

    [Fact]
    public void TrigramOverlap_IsTheJaccardIndexOfThreeCharacterSequences_CaseAndSpacingFolded()
    {
        // "abcd" has abc, bcd; "ABC  e" folds to "abc e": abc, bc_, c_e. One shared of four.
        Assert.Equal(0.25, CacheGuard.TrigramOverlap("abcd", "ABC  e"), 6);
        Assert.Equal(1.0, CacheGuard.TrigramOverlap("Click the link", "  click   THE link "), 6);
        Assert.Equal(0.0, CacheGuard.TrigramOverlap("ab", "ab"), 6);
        Assert.True(
            CacheGuard.TrigramOverlap("You can access the main version of the documentation by clicking on the link given.", "You can find it on the main version of the documentation by clicking on the provided link.")
            > CacheGuard.TrigramOverlap("You can access the main version of the documentation by clicking on the link given.", "You can find it on the main version of the documentation. Click on the provided link to redirect to the main version."));
    }
}

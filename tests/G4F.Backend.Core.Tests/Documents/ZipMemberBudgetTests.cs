using System.Text;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>Office members of a ZIP under the same element budgets, and members' markdown streamed, not held.</summary>
public sealed class ZipMemberBudgetTests
{
    [Fact]
    public async Task An_office_bomb_inside_a_zip_is_noted_with_its_budget_error_and_the_other_members_still_converted()
    {
        using var harness = new ConverterHarness(o => o.Buckets.MaxOfficePartElements = 1000);
        var zip = ZipSamples.Create(("bomb.docx", BombSamples.DocxOfEmptyParagraphs(2000)), ("notes.txt", ZipSamples.Text("kept")));

        var markdown = await harness.ConvertAsync("files.zip", zip);

        markdown.Should().Be(
            "```bomb.docx\n*Not converted: The DOCX file is too large to read: a part has more than 1000 XML elements.*\n```\n\n"
            + "```notes.txt\nkept\n```");
    }

    [Fact]
    public async Task A_member_whose_markdown_is_larger_than_what_stays_in_memory_comes_out_exactly_as_converted_alone()
    {
        using var harness = new ConverterHarness();

        // Two and a half million characters with a run of five backticks in the middle and white space at the end.
        var text = new StringBuilder();
        for (var i = 0; i < 50_000; i++)
        {
            text.Append("line ").Append(i).Append(" of the member text, long enough\n");
            if (i == 25_000)
            {
                text.Append("`````\n");
            }
        }

        var member = ZipSamples.Text(text.Append("\n\n   \n").ToString());
        var alone = (await harness.ConvertAsync("big.txt", member)).TrimEnd();

        var markdown = await harness.ConvertAsync("files.zip", ZipSamples.Create(("big.txt", member), ("small.txt", ZipSamples.Text("after"))));

        alone.Length.Should().BeGreaterThan(2_000_000);
        markdown.Should().Be($"``````big.txt\n{alone}\n``````\n\n```small.txt\nafter\n```");
        Directory.EnumerateFiles(harness.DataDirectory, "*.spill", SearchOption.AllDirectories).Should().BeEmpty("spilled text is deleted once written");
    }
}

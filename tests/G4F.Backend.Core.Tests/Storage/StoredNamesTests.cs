using G4F.Backend.Storage;

namespace G4F.Backend.Core.Tests.Storage;

/// <summary>The names every store accepts: what the sanitiser makes (with a suffix), never a path, a dot name or hidden.</summary>
public sealed class StoredNamesTests
{
    [Theory]
    [InlineData("notes.txt")]
    [InlineData("a+b,c-d_e")]
    [InlineData("café")]
    [InlineData("bucket-1755780123456")]
    public void Sanitised_names_are_stored(string name)
    {
        StoredNames.IsValid(name).Should().BeTrue();
        StoredNames.ThrowIfInvalid(name, "name").Should().Be(name);
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData(".hidden")]
    [InlineData("trailing.")]
    [InlineData("..")]
    [InlineData("a b")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_refused_with_the_stores_error(string? name)
    {
        StoredNames.IsValid(name).Should().BeFalse();
        var check = () => StoredNames.ThrowIfInvalid(name, "name");
        check.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("name");
    }

    [Fact]
    public void Every_sanitised_name_with_a_suffix_is_stored_up_to_200_bytes()
    {
        var sanitised = SafeName.Sanitize(new string('é', 300));

        StoredNames.IsValid(sanitised + ".md").Should().BeTrue("a 100-byte sanitised name plus a suffix still fits");
        StoredNames.IsValid(new string('x', 201)).Should().BeFalse();
    }
}

using HelperPlatform.Activities.Management.Definitions;
using HelperPlatform.Activities.Management.ServiceTypes;
using HelperPlatform.Activities.Management.TestSets;
using HelperPlatform.Host.Management.Designer;

namespace HelperPlatform.Tests.Management;

/// <summary>The designer offers exactly the steps of each kind's catalogue, each with a field for every property the catalogue reads.</summary>
public sealed class DesignerPaletteTests
{
    public static TheoryData<string> Kinds => ["service types", "test sets"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Palette_OffersEveryStepTypeOfTheCatalogue_WithAFieldPerProperty(string kind)
    {
        var palette = kind == "service types" ? DesignerPalette.ServiceTypes(new ServiceTypeKind()) : DesignerPalette.TestSets(new TestSetKind());
        var catalogue = palette.Kind.Steps;

        Assert.Equal(catalogue.TypeNames.Order(), palette.Steps.Select(entry => entry.Type).Order());
        Assert.All(palette.Steps, entry => Assert.Equal(
            catalogue.Find(entry.Type)!.PropertyNames.Order(),
            entry.Fields.Select(field => field.Name).Order()));
    }
}

using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;

namespace G4F.Backend.Core.Tests.Documents;

/// <summary>Presentations written with the OpenXML SDK at run time.</summary>
internal static class PptxSamples
{
    /// <summary>Three slides; the part created second is shown first, so order must come from the slide list.</summary>
    public static byte[] Deck()
    {
        using var stream = new MemoryStream();
        using (var document = PresentationDocument.Create(stream, PresentationDocumentType.Presentation))
        {
            var presentation = document.AddPresentationPart();
            var intro = AddSlide(presentation, "Welcome", "Speaker: greet everyone.", Body(("Why we are here", 0), ("Budget", 1), ("Timeline", 1)));
            var cover = AddSlide(presentation, "Agenda * 2025", null, TextBox("Free text box"));
            var closing = AddSlide(presentation, null, "Thank the team.", TextBox("Questions?"));
            presentation.Presentation = new P.Presentation(new P.SlideIdList(
                new P.SlideId { Id = 256, RelationshipId = presentation.GetIdOfPart(cover) },
                new P.SlideId { Id = 257, RelationshipId = presentation.GetIdOfPart(intro) },
                new P.SlideId { Id = 258, RelationshipId = presentation.GetIdOfPart(closing) }));
        }

        return stream.ToArray();
    }

    /// <summary>One slide whose body placeholder holds <paramref name="body"/> paragraphs at their levels.</summary>
    public static byte[] OneSlide(params (string Text, int Level)[] body)
    {
        using var stream = new MemoryStream();
        using (var document = PresentationDocument.Create(stream, PresentationDocumentType.Presentation))
        {
            var presentation = document.AddPresentationPart();
            var slide = AddSlide(presentation, "T", null, Body(body));
            presentation.Presentation = new P.Presentation(new P.SlideIdList(new P.SlideId { Id = 256, RelationshipId = presentation.GetIdOfPart(slide) }));
        }

        return stream.ToArray();
    }

    private static SlidePart AddSlide(PresentationPart presentation, string? title, string? notes, P.Shape content)
    {
        var slide = presentation.AddNewPart<SlidePart>();
        var shapes = new List<OpenXmlElement> { content, Placeholder(P.PlaceholderValues.SlideNumber, ("7", 0)) };
        if (title is not null)
        {
            shapes.Insert(0, Placeholder(P.PlaceholderValues.Title, (title, 0)));
        }

        slide.Slide = new P.Slide(new P.CommonSlideData(Tree(shapes)));
        if (notes is not null)
        {
            var notesPart = slide.AddNewPart<NotesSlidePart>();
            notesPart.NotesSlide = new P.NotesSlide(new P.CommonSlideData(Tree([Placeholder(P.PlaceholderValues.Body, (notes, 0))])));
        }

        return slide;
    }

    private static P.ShapeTree Tree(IEnumerable<OpenXmlElement> shapes) =>
        new(new OpenXmlElement[]
        {
            new P.NonVisualGroupShapeProperties(new P.NonVisualDrawingProperties { Id = 1, Name = string.Empty }, new P.NonVisualGroupShapeDrawingProperties(), new P.ApplicationNonVisualDrawingProperties()),
            new P.GroupShapeProperties(),
        }.Concat(shapes));

    private static P.Shape Body(params (string Text, int Level)[] paragraphs) => Placeholder(P.PlaceholderValues.Body, paragraphs);

    private static P.Shape TextBox(string text) => Shape(null, (text, 0));

    private static P.Shape Placeholder(P.PlaceholderValues type, params (string Text, int Level)[] paragraphs) =>
        Shape(new P.PlaceholderShape { Type = type }, paragraphs);

    private static P.Shape Shape(P.PlaceholderShape? placeholder, params (string Text, int Level)[] paragraphs)
    {
        var application = placeholder is null ? new P.ApplicationNonVisualDrawingProperties() : new P.ApplicationNonVisualDrawingProperties(placeholder);
        return new P.Shape(
            new P.NonVisualShapeProperties(new P.NonVisualDrawingProperties { Id = 2, Name = "shape" }, new P.NonVisualShapeDrawingProperties(), application),
            new P.ShapeProperties(),
            new P.TextBody(new OpenXmlElement[] { new A.BodyProperties(), new A.ListStyle() }
                .Concat(paragraphs.Select(p => new A.Paragraph(new A.ParagraphProperties { Level = p.Level }, new A.Run(new A.Text(p.Text)))))));
    }
}

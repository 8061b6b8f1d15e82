using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpMemory.Tests.Interop;

/// <summary>The fixture resources the conformance suite's resources scenarios read (test process only).</summary>
[McpServerResourceType]
public sealed class ConformanceFixtureResources
{
    [McpServerResource(UriTemplate = "test://static-text", Name = "static-text", MimeType = "text/plain"), Description("A static text resource.")]
    public static TextResourceContents StaticText() => new() { Uri = "test://static-text", MimeType = "text/plain", Text = "This is the content of the static text resource." };

    [McpServerResource(UriTemplate = "test://static-binary", Name = "static-binary", MimeType = "image/png"), Description("A static binary resource.")]
    public static BlobResourceContents StaticBinary() => BlobResourceContents.FromBytes(ConformanceFixtureTools.RedPixelPng, "test://static-binary", "image/png");

    [McpServerResource(UriTemplate = "test://template/{id}/data", Name = "template", MimeType = "application/json"), Description("A resource template with an id.")]
    public static TextResourceContents Template(string id) => new() { Uri = $"test://template/{id}/data", MimeType = "application/json", Text = $$"""{"id":"{{id}}","templateTest":true,"data":"Data for ID: {{id}}"}""" };

    [McpServerResource(UriTemplate = "test://watched-resource", Name = "watched-resource", MimeType = "text/plain"), Description("A resource clients may subscribe to.")]
    public static TextResourceContents Watched() => new() { Uri = "test://watched-resource", MimeType = "text/plain", Text = "Watched resource content" };
}

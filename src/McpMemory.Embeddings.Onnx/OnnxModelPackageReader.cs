using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using McpMemory.Core;

namespace McpMemory.Embeddings.Onnx;

/// <summary>
/// Reads the embedded resources of a model package's assembly straight from its PE file. The assembly is never loaded
/// into the process, so none of its code runs.
/// </summary>
internal static class OnnxModelPackageReader
{
    /// <summary>Returns the bytes of the manifest resource <paramref name="resourceName"/> of the assembly at <paramref name="assemblyPath"/>.</summary>
    /// <exception cref="McpMemoryException">The file is missing, is not a .NET assembly, or lacks the resource.</exception>
    public static byte[] ReadResource(string assemblyPath, string resourceName)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(assemblyPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new McpMemoryException(
                McpMemoryErrorCodes.InvalidArgument,
                $"The embedding model file '{assemblyPath}' was not found; rebuild or reinstall the application, or set the models directory to the folder that holds it.",
                ex);
        }

        using (stream)
        {
            try
            {
                using var pe = new PEReader(stream);
                if (!pe.HasMetadata || pe.PEHeaders.CorHeader is null)
                {
                    throw Invalid(assemblyPath, resourceName, "it is not a .NET assembly");
                }

                var metadata = pe.GetMetadataReader();
                var resources = pe.PEHeaders.CorHeader.ResourcesDirectory;
                foreach (var handle in metadata.ManifestResources)
                {
                    var resource = metadata.GetManifestResource(handle);
                    if (!resource.Implementation.IsNil || !metadata.StringComparer.Equals(resource.Name, resourceName))
                    {
                        continue;
                    }

                    // Embedded resources sit in the CLI resources directory, each as a 4-byte length and the bytes.
                    var block = pe.GetSectionData(resources.RelativeVirtualAddress);
                    var available = Math.Min(resources.Size, block.Length) - resource.Offset;
                    if (resource.Offset < 0 || available < sizeof(int))
                    {
                        throw Invalid(assemblyPath, resourceName, "its resource table is damaged");
                    }

                    var reader = block.GetReader((int)resource.Offset, (int)available);
                    var length = reader.ReadInt32();
                    if (length < 0 || length > reader.RemainingBytes)
                    {
                        throw Invalid(assemblyPath, resourceName, "its resource table is damaged");
                    }

                    return reader.ReadBytes(length);
                }

                throw Invalid(assemblyPath, resourceName, "it does not contain that resource");
            }
            catch (BadImageFormatException ex)
            {
                throw Invalid(assemblyPath, resourceName, "it is not a valid .NET assembly", ex);
            }
        }
    }

    private static McpMemoryException Invalid(string path, string resourceName, string reason, Exception? inner = null) =>
        new(
            McpMemoryErrorCodes.InvalidArgument,
            $"The embedding model file '{path}' cannot be used: {reason} (expected the embedded resource '{resourceName}'). " +
            $"Replace it with the assembly from the matching SentenceTransformers NuGet package, version {OnnxEmbeddingModels.PackageVersion}.",
            inner);
}

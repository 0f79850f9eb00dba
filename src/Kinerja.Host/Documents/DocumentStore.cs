using System.Security.Cryptography;
using Kinerja.Engine.Tasks;
using Kinerja.Host.Configuration;
using Kinerja.Host.Data;
using Microsoft.Extensions.Options;

namespace Kinerja.Host.Documents;

/// <summary>A file as it arrives with a form.</summary>
public sealed record IncomingDocument(string FileName, string ContentType, long Length, Func<Stream> Open);

/// <summary>A file refused before anything was changed; says which file and why.</summary>
public sealed class DocumentRejectedException(string fileName, string reason) : Exception($"{fileName}: {reason}")
{
    public string FileName { get; } = fileName;
    public string Reason { get; } = reason;
}

/// <summary>Keeps task documents on disk under their SHA-256, with size and type limits from settings.</summary>
public sealed class DocumentStore(HostDbContextFactory contexts, IOptions<KinerjaSettings> settings, IHostEnvironment environment, TimeProvider clock)
{
    private string Folder => Directory.CreateDirectory(Path.GetFullPath(
        Path.Combine(settings.Value.DataFolder, settings.Value.Uploads.Folder), environment.ContentRootPath)).FullName;

    /// <summary>Refuses the whole set if one file is empty, too large or of a type not allowed.</summary>
    public void Check(IReadOnlyList<IncomingDocument> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var uploads = settings.Value.Uploads;
        foreach (var file in files)
        {
            var extension = Path.GetExtension(file.FileName).ToLowerInvariant();
            if (!uploads.AllowedExtensionList.Contains(extension, StringComparer.OrdinalIgnoreCase))
            {
                throw new DocumentRejectedException(file.FileName, $"type '{extension}' is not allowed (allowed: {string.Join(", ", uploads.AllowedExtensionList)})");
            }

            if (file.Length <= 0)
            {
                throw new DocumentRejectedException(file.FileName, "the file is empty");
            }

            if (file.Length > uploads.MaxBytes)
            {
                throw new DocumentRejectedException(file.FileName, $"{file.Length:N0} bytes is more than the limit of {uploads.MaxBytes:N0} bytes");
            }
        }
    }

    /// <summary>Writes the file under its hash (the same content is kept once) and returns its record, not yet saved.</summary>
    public async Task<UploadedDocument> SaveAsync(HumanTask task, IncomingDocument file, string uploadedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(file);
        var temporary = Path.Combine(Folder, $"upload-{Guid.NewGuid():N}.tmp");
        string hash;
        long size;
        await using (var source = file.Open())
        await using (var target = File.Create(temporary))
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            size = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                size += read;
                if (size > settings.Value.Uploads.MaxBytes)
                {
                    throw new DocumentRejectedException(file.FileName, $"more than the limit of {settings.Value.Uploads.MaxBytes:N0} bytes");
                }

                sha.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            hash = Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
        }

        File.Move(temporary, PathOf(hash), overwrite: true);
        return new UploadedDocument
        {
            Id = Guid.NewGuid(),
            TaskId = task.Id,
            InstanceId = task.InstanceId,
            FileName = Path.GetFileName(file.FileName),
            ContentType = string.IsNullOrWhiteSpace(file.ContentType) ? "application/octet-stream" : file.ContentType,
            Size = size,
            Sha256 = hash,
            UploadedBy = uploadedBy,
            UploadedAt = clock.GetUtcNow(),
        };
    }

    public async Task RecordAsync(IReadOnlyList<UploadedDocument> documents, CancellationToken cancellationToken)
    {
        if (documents.Count == 0)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Documents.AddRange(documents);
        await db.SaveChangesAsync(cancellationToken);
    }

    public string PathOf(string sha256) => Path.Combine(Folder, sha256);
}

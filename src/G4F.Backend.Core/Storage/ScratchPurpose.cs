namespace G4F.Backend.Storage;

/// <summary>What a piece of <see cref="ScratchSpace"/> is for; it decides the folder under the staging root and the name's ending.</summary>
internal enum ScratchPurpose
{
    /// <summary>One upload's private folder (<c>.staging/&lt;id&gt;/</c>): its staged files, their thumbnails and conversions.</summary>
    Upload,

    /// <summary>A fetched body waiting to be checked and stored (<c>.staging/downloads/&lt;id&gt;.tmp</c>).</summary>
    Download,

    /// <summary>The markdown of a converted download before it is stored (beside the downloads).</summary>
    Conversion,

    /// <summary>A stored image copied out for the decoder, and the thumbnail it writes (beside the downloads).</summary>
    Thumbnail,

    /// <summary>Archive members and member texts too large for memory (<c>.staging/spill/</c>), each deleted on close.</summary>
    ArchiveSpill,

    /// <summary>The storage health check's probe (<c>.staging/health/&lt;id&gt;.probe</c>).</summary>
    HealthProbe,
}

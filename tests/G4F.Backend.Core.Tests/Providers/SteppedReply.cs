using G4F.Backend.Testing;
using Microsoft.Extensions.Time.Testing;

namespace G4F.Backend.Core.Tests.Providers;

/// <summary>
/// A raw reply whose units are released one at a time on a fake clock, so time-limit tests need no
/// real waiting: each unit is held until the provider has read the previous one and asked for more,
/// then the clock moves and the next unit goes out.
/// </summary>
internal sealed class SteppedReply
{
    private readonly byte[][] _units;
    private readonly TaskCompletionSource[] _gates;

    public SteppedReply(params byte[][] units)
    {
        _units = units;
        _gates = [.. units.SkipLast(1).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];
        var reply = FakeReply.Bytes(units);
        for (var i = 0; i < _gates.Length; i++)
        {
            reply = reply.WaitAfterChunk(i, _gates[i].Task);
        }

        Reply = reply;
    }

    public FakeReply Reply { get; }

    /// <summary>For every held unit: waits until the provider has read it and reads on, advances <paramref name="time"/> by <paramref name="step"/>, releases the next unit.</summary>
    public async Task PlayAsync(ReadCountingHandler reads, FakeTimeProvider time, TimeSpan step)
    {
        long sent = 0;
        for (var i = 0; i < _gates.Length; i++)
        {
            sent += _units[i].Length;
            await reads.WaitForReadAfterAsync(sent).WaitAsync(TimeSpan.FromSeconds(30));
            time.Advance(step);
            _gates[i].SetResult();
        }
    }
}

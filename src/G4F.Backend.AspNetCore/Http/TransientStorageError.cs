using System.Data.Common;
using System.Runtime.CompilerServices;

namespace G4F.Backend.AspNetCore.Http;

/// <summary>
/// Whether an exception is a transient database error (<see cref="DbException.IsTransient"/>): a store's database that
/// cannot be reached now. Kept out of the request filters' catch clauses: a clause typed <see cref="DbException"/> makes
/// the JIT load System.Data.Common (about 1 MiB resident) at a filter's first request, in every host, whether or not it
/// has a database; behind a call the JIT compiles only once an exception is filtered, it loads only then.
/// </summary>
internal static class TransientStorageError
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool Is(Exception exception) => exception is DbException { IsTransient: true };
}

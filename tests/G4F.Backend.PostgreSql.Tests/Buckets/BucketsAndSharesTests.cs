using G4F.Backend.Buckets;
using G4F.Backend.Identity;
using G4F.Backend.PostgreSql.Buckets;
using G4F.Backend.PostgreSql.Sharing;
using G4F.Backend.PostgreSql.Tests.Infrastructure;
using G4F.Backend.Sharing;

namespace G4F.Backend.PostgreSql.Tests.Buckets;

/// <summary>
/// A share id is a bucket id: in PostgreSQL, as in the embedded store's shared folder, the two stores agree on owners,
/// on whether an id has content, and a deleted bucket takes its shared chat with it. Stores of different instances.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class BucketsAndSharesTests(PostgreSqlCluster cluster)
{
    [Fact]
    public async Task Deleting_a_bucket_deletes_its_shared_chat_and_a_chat_alone_makes_the_bucket_exist()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        var (buckets, shares) = (new PostgreSqlBucketStore(database.NewInstance()), new PostgreSqlChatShareStore(database.NewInstance()));
        var id = Guid.NewGuid().ToString();

        (await shares.SaveAsync(id, new ChatShare(1, new MemoryStream("{\"items\":[]}"u8.ToArray())), caller: null)).Should().Be(ChatShareSaveResult.Created);
        (await buckets.ExistsAsync(id, CancellationToken.None)).Should().BeTrue();
        (await buckets.GetSizeAsync(id, CancellationToken.None)).Should().Be(12);

        (await buckets.DeleteBucketAsync(id, CancellationToken.None)).Should().BeTrue();
        (await shares.OpenAsync(id)).Should().BeNull();
        (await buckets.ExistsAsync(id, CancellationToken.None)).Should().BeFalse();
    }

    [Fact]
    public async Task Bucket_files_without_an_owner_keep_an_ordinary_user_from_sharing_on_their_id()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        var (buckets, shares) = (new PostgreSqlBucketStore(database.NewInstance()), new PostgreSqlChatShareStore(database.NewInstance()));
        var id = Guid.NewGuid().ToString();
        await buckets.WriteAsync(new BucketFileKey(id, BucketArea.Document, "a.md"), new MemoryStream([1]), CancellationToken.None);
        var chat = new ChatShare(1, new MemoryStream("{}"u8.ToArray()));

        (await shares.SaveAsync(id, chat, new CallerIdentity("mallory"))).Should().Be(ChatShareSaveResult.Forbidden, "the bucket was written before identity: nobody can prove it is theirs");
        (await buckets.ReadOwnerAsync(id, CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task A_bucket_claimed_on_one_instance_is_the_owners_share_id_on_another()
    {
        var database = await cluster.DatabaseForAsync(GetType());
        var (buckets, shares) = (new PostgreSqlBucketStore(database.NewInstance()), new PostgreSqlChatShareStore(database.NewInstance()));
        var id = Guid.NewGuid().ToString();
        (await buckets.ClaimOwnerAsync(id, "alice", replace: false, CancellationToken.None)).Should().BeTrue();

        (await shares.SaveAsync(id, new ChatShare(1, new MemoryStream("{}"u8.ToArray())), new CallerIdentity("bob"))).Should().Be(ChatShareSaveResult.Forbidden);
        (await shares.SaveAsync(id, new ChatShare(1, new MemoryStream("{}"u8.ToArray())), new CallerIdentity("alice"))).Should().Be(ChatShareSaveResult.Created);
    }
}

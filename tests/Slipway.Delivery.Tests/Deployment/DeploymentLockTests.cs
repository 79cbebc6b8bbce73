using System.Collections.Concurrent;
using System.Text;
using CliWrap;
using CliWrap.Buffered;
using Slipway.Delivery.Deployment;

namespace Slipway.Delivery.Tests.Deployment;

public sealed class DeploymentLockTests : IDisposable
{
    private const string OtherHostDetails = "{\"pid\":%d,\"host\":\"build-agent-7\",\"user\":\"ci\",\"startedAt\":\"2024-05-01T10:00:00+00:00\",\"processStartedAt\":null,\"action\":\"rollback\"}";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "slipway-lock-tests", Guid.NewGuid().ToString("N"));

    private string LockPath => Path.Combine(_directory, "local.lock");

    [Fact]
    public async Task ASecondDeployToTheSameEnvironmentFailsAtOnceNamingTheHolder()
    {
        // Arrange
        await using var first = DeploymentLock.Acquire(LockPath, "local", "deploy");

        // Act
        var failure = Should.Throw<DeploymentLockedException>(() => DeploymentLock.Acquire(LockPath, "local", "deploy"));

        // Assert
        failure.Holder.ShouldNotBeNull().Pid.ShouldBe(Environment.ProcessId);
        failure.Message.ShouldContain($"pid {Environment.ProcessId} on host '{Environment.MachineName}'");
        failure.Message.ShouldContain($"user '{Environment.UserName}'");
        failure.Message.ShouldContain("started at");
        failure.Message.ShouldContain("Wait for it to finish");
    }

    [Fact]
    public async Task ReleasingTheLockLetsTheNextDeployTakeItCleanly()
    {
        // Arrange
        var first = DeploymentLock.Acquire(LockPath, "local");
        await first.DisposeAsync();

        // Act
        await using var second = DeploymentLock.Acquire(LockPath, "local");

        // Assert
        second.Holder.Pid.ShouldBe(Environment.ProcessId);
        second.Recovered.ShouldBeFalse();
        second.RecoveredFrom.ShouldBeNull();
    }

    [Fact]
    public async Task TheLockFileStaysAfterReleaseAndNamesNoHolder()
    {
        // Arrange
        var held = DeploymentLock.Acquire(LockPath, "local");

        // Act
        await held.DisposeAsync();

        // Assert
        File.Exists(LockPath).ShouldBeTrue();
        (await File.ReadAllTextAsync(LockPath)).ShouldBeEmpty();
        DeploymentLock.ReadHolder(LockPath).ShouldBeNull();
        LockHoldingProcess.IsHeld(LockPath).ShouldBeFalse();
    }

    [Fact]
    public async Task TheHolderOfALiveLockIsReadableByOthersAndNamedInTheError()
    {
        // Arrange
        Directory.CreateDirectory(_directory);
        await using var other = await LockHoldingProcess.StartAsync(LockPath, OtherHostDetails);

        // Act
        var read = DeploymentLock.ReadHolder(LockPath);
        var failure = Should.Throw<DeploymentLockedException>(() => DeploymentLock.Acquire(LockPath, "local"));

        // Assert
        read.ShouldNotBeNull().Pid.ShouldBe(other.Pid);
        failure.Holder.ShouldBe(read);
        failure.Message.ShouldContain($"pid {other.Pid} on host 'build-agent-7' (user 'ci', rollback started at 2024-05-01 10:00:00Z)");
        failure.Message.ShouldContain($"stop pid {other.Pid} on host 'build-agent-7'");
    }

    [Fact]
    public async Task ALockHeldByAProcessThatRecordsNoDetailsSaysHowToFindIt()
    {
        // Arrange
        Directory.CreateDirectory(_directory);
        await using var other = await LockHoldingProcess.StartAsync(LockPath);

        // Act
        var failure = Should.Throw<DeploymentLockedException>(() => DeploymentLock.Acquire(LockPath, "local"));

        // Assert
        failure.Holder.ShouldBeNull();
        failure.Message.ShouldContain($"fuser -v {LockPath}");
        failure.Message.ShouldContain("never delete the file");
    }

    [Fact]
    public async Task ALockHeldByAKilledProcessIsTakenAtOnceAndTheTakeoverIsReported()
    {
        // Arrange
        Directory.CreateDirectory(_directory);
        var other = await LockHoldingProcess.StartAsync(LockPath, OtherHostDetails);
        var killed = other.Pid;
        await other.KillAsync();

        // Act
        await using var taken = DeploymentLock.Acquire(LockPath, "local");

        // Assert
        taken.Holder.Pid.ShouldBe(Environment.ProcessId);
        taken.Recovered.ShouldBeTrue();
        taken.RecoveredFrom.ShouldNotBeNull().Pid.ShouldBe(killed);
        DeploymentLock.ReadHolder(LockPath).ShouldBe(taken.Holder);
    }

    [Fact]
    public async Task AChildProcessStartedWhileHoldingTheLockDoesNotKeepItAfterRelease()
    {
        // Arrange
        using var stopChild = new CancellationTokenSource();
        var held = DeploymentLock.Acquire(LockPath, "local");
        var child = Cli.Wrap("sleep").WithArguments(["600"]).WithValidation(CommandResultValidation.None).ExecuteAsync(stopChild.Token);
        try
        {
            // Act
            await held.DisposeAsync();

            // Assert
            await using var next = DeploymentLock.Acquire(LockPath, "local");
            next.Recovered.ShouldBeFalse();
        }
        finally
        {
            await stopChild.CancelAsync();
            await Should.ThrowAsync<OperationCanceledException>(async () => await child);
        }
    }

    [Fact]
    public async Task ConcurrentAcquirersGetTheLockExactlyOnce()
    {
        // Act
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() =>
        {
            try
            {
                return (object)DeploymentLock.Acquire(LockPath, "local");
            }
            catch (DeploymentLockedException exception)
            {
                return exception;
            }
        })));

        // Assert
        results.OfType<DeploymentLock>().Count().ShouldBe(1);
        results.OfType<DeploymentLockedException>().Count().ShouldBe(15);
        foreach (var held in results.OfType<DeploymentLock>())
        {
            await held.DisposeAsync();
        }
    }

    [Fact]
    public async Task ThreadsAndOtherProcessesHoldTheLockOneAtATimeRoundAfterRound()
    {
        // Arrange
        const int rounds = 20;
        const int threads = 6;
        const int processes = 4;
        Directory.CreateDirectory(_directory);
        var journal = Path.Combine(_directory, "journal.log");
        var recovered = new ConcurrentBag<string>();

        for (var round = 0; round < rounds; round++)
        {
            // Act
            var others = Enumerable.Range(0, processes).Select(i => Cli.Wrap("flock")
                .WithArguments([LockPath, "sh", "-c", "echo \"enter $0\" >> \"$1\" && echo \"exit $0\" >> \"$1\"", $"process-{round}-{i}", journal])
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync()
                .Task);
            var ours = Enumerable.Range(0, threads).Select(i => Task.Run(() => HoldOnceAsync($"thread-{round}-{i}", journal, recovered)));
            var results = await Task.WhenAll(others);
            await Task.WhenAll(ours);

            // Assert
            results.ShouldAllBe(r => r.IsSuccess, string.Join("; ", results.Select(r => r.StandardError)));
        }

        var lines = await File.ReadAllLinesAsync(journal);
        ShouldStrictlyAlternate(lines);
        lines.Length.ShouldBe(rounds * (threads + processes) * 2, "every holder entered and left exactly once");
        recovered.ShouldBeEmpty("every holder released cleanly");
        File.Exists(LockPath).ShouldBeTrue();
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Tries without waiting until it wins once, then records entering and leaving while it holds the lock.</summary>
    private async Task HoldOnceAsync(string id, string journal, ConcurrentBag<string> recovered)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            DeploymentLock held;
            try
            {
                held = DeploymentLock.Acquire(LockPath, "local", id);
            }
            catch (DeploymentLockedException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(1);
                continue;
            }

            await using (held)
            {
                if (held.Recovered)
                {
                    recovered.Add(id);
                }

                await File.AppendAllTextAsync(journal, $"enter {id}\n");
                await Task.Yield(); // give anyone who wrongly believes they hold the lock a chance to interleave
                await File.AppendAllTextAsync(journal, $"exit {id}\n");
            }

            return;
        }
    }

    private static void ShouldStrictlyAlternate(string[] lines)
    {
        var problems = new StringBuilder();
        string? inside = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var (verb, id) = (lines[i].Split(' ')[0], lines[i].Split(' ')[1]);
            if (verb == "enter" && inside is not null)
            {
                problems.AppendLine($"line {i + 1}: {id} entered while {inside} held the lock");
            }
            else if (verb == "exit" && inside != id)
            {
                problems.AppendLine($"line {i + 1}: {id} left while {inside ?? "nobody"} held the lock");
            }

            inside = verb == "enter" ? id : null;
        }

        inside.ShouldBeNull("the last holder left");
        problems.ToString().ShouldBeEmpty();
    }
}

// Five chained tasks that do nothing: the reference for the engine's own start-up and scheduling cost.
Task("NoopA").Does(() => { });
Task("NoopB").IsDependentOn("NoopA").Does(() => { });
Task("NoopC").IsDependentOn("NoopB").Does(() => { });
Task("NoopD").IsDependentOn("NoopC").Does(() => { });
Task("NoopE").IsDependentOn("NoopD").Does(() => { });
RunTarget(Argument("target", "NoopE"));

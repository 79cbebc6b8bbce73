// A build run owns the process-wide Serilog logger and Console.CancelKeyPress, as a real build process does.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

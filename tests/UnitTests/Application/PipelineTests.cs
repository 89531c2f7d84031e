using FluentValidation;
using MediatR;
using VoiceTraining.Application.Common.Behaviours;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Application.Common.Messaging;
using VoiceTraining.Application.Common.Models;
using ValidationException = VoiceTraining.Application.Common.Exceptions.ValidationException;

namespace VoiceTraining.UnitTests.Application;

public class PipelineTests
{
    public sealed record Ping(string Name) : ICommand<string>;

    private sealed class PingValidator : AbstractValidator<Ping>
    {
        public PingValidator() => RuleFor(p => p.Name).NotEmpty();
    }

    private sealed class RecordingTransactions : ITransactionRunner
    {
        public int Runs { get; private set; }

        public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        {
            Runs++;
            return await work(cancellationToken);
        }
    }

    [Fact]
    public async Task Validation_failures_stop_the_request_with_field_errors_named_like_the_json()
    {
        var behaviour = new ValidationBehaviour<Ping, string>([new PingValidator()]);
        var reached = false;
        var act = () => behaviour.Handle(new Ping(""), CancellationToken.None, () => { reached = true; return Task.FromResult("pong"); });
        var error = (await act.Should().ThrowAsync<ValidationException>()).Which;
        error.Errors.Should().ContainKey("name");
        reached.Should().BeFalse();
    }

    [Fact]
    public async Task Valid_requests_reach_the_handler()
    {
        var behaviour = new ValidationBehaviour<Ping, string>([new PingValidator()]);
        (await behaviour.Handle(new Ping("x"), CancellationToken.None, () => Task.FromResult("pong"))).Should().Be("pong");
    }

    [Theory]
    [InlineData("Title", "title")]
    [InlineData("Rubric[0].Weight", "rubric[0].weight")]
    [InlineData("ScenarioIds[2]", "scenarioIds[2]")]
    public void Error_keys_follow_the_json_path(string property, string expected)
    {
        ValidationBehaviour<Ping, string>.ToJsonPath(property).Should().Be(expected);
    }

    [Fact]
    public async Task Commands_run_in_a_transaction_and_queries_do_not()
    {
        var transactions = new RecordingTransactions();
        await new TransactionBehaviour<Ping, string>(transactions).Handle(new Ping("x"), CancellationToken.None, () => Task.FromResult("ok"));
        transactions.Runs.Should().Be(1);

        var query = new TransactionBehaviour<QueryPing, string>(transactions);
        await query.Handle(new QueryPing(), CancellationToken.None, () => Task.FromResult("ok"));
        transactions.Runs.Should().Be(1);
    }

    public sealed record QueryPing : IQuery<string>;

    [Theory]
    [InlineData(0, 20, 0, false)]
    [InlineData(45, 20, 3, true)]
    [InlineData(40, 20, 2, true)]
    public void Pages_count_and_know_if_more_follow(int total, int pageSize, int pages, bool firstPageHasNext)
    {
        var page = new PagedResult<int>([], 1, pageSize, total);
        page.TotalPages.Should().Be(pages);
        page.HasNextPage.Should().Be(firstPageHasNext);
    }

    [Fact]
    public void Every_mapping_is_complete()
    {
        var config = new AutoMapper.MapperConfiguration(c => c.AddMaps(typeof(VoiceTraining.Application.DependencyInjection).Assembly),
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        config.AssertConfigurationIsValid();
    }

    [Fact]
    public void Every_request_has_exactly_one_handler()
    {
        var assembly = typeof(VoiceTraining.Application.DependencyInjection).Assembly;
        var requests = assembly.GetTypes().Where(t => !t.IsAbstract && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>)));
        foreach (var request in requests)
        {
            var response = request.GetInterfaces().First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>)).GetGenericArguments()[0];
            var handler = typeof(IRequestHandler<,>).MakeGenericType(request, response);
            assembly.GetTypes().Count(t => !t.IsAbstract && handler.IsAssignableFrom(t)).Should().Be(1, $"{request.Name} needs one handler");
        }
    }
}

using Microsoft.AspNetCore.Mvc;
using NetArchTest.Rules;

namespace VoiceTraining.UnitTests.Architecture;

/// <summary>Controllers are thin: they bind a request and send a command or query to Application.</summary>
public class ControllerDependencyTests
{
    private static IReadOnlyList<Type> Controllers() =>
        [.. Layers.Api.GetTypes().Where(t => t.IsClass && t.IsAssignableTo(typeof(ControllerBase)))];

    [Fact]
    public void Controllers_do_not_depend_on_infrastructure()
    {
        var selected = Types.InAssembly(Layers.Api).That().Inherit(typeof(ControllerBase));
        selected.GetTypes().Should().BeEquivalentTo(Controllers(), "the rule must see every controller, or it checks nothing");
        selected.ShouldNot().HaveDependencyOn("VoiceTraining.Infrastructure").GetResult()
            .ShouldPass("a controller reaches Infrastructure only through Application's ports and use cases");
    }

    [Fact]
    public void The_provider_webhook_controllers_are_among_those_checked()
    {
        // They were the last controllers to call Infrastructure (verifiers, parsers) directly.
        Controllers().Select(c => c.Name).Should().Contain(
            ["ClerkWebhookController", "MailgunInboundController", "StripeWebhookController", "VapiWebhookController", "ProviderWebhookController"]);
    }
}

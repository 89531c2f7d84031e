using FluentValidation;
using VoiceTraining.Domain.Common;
using VoiceTraining.Domain.Webhooks;

namespace VoiceTraining.Application.Webhooks.RestHooks.Commands.SubscribeRestHook;

public sealed class SubscribeRestHookCommandValidator : AbstractValidator<SubscribeRestHookCommand>
{
    public SubscribeRestHookCommandValidator()
    {
        RuleFor(x => x.TargetUrl).NotEmpty().MaximumLength(Limits.Url).OverridePropertyName("target_url");
        RuleFor(x => x.Event).Must(WebhookEventTypes.IsSubscribable).OverridePropertyName("event")
            .WithMessage(x => $"'{x.Event}' is not an event type. Use one of: {string.Join(", ", WebhookEventTypes.All)}.");
    }
}

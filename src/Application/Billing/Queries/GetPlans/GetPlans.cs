using MediatR;
using VoiceTraining.Application.Billing.Plans;
using VoiceTraining.Application.Common.Messaging;

namespace VoiceTraining.Application.Billing.Queries.GetPlans;

/// <summary>GET /api/billing/plans: the catalogue with its entitlements.</summary>
public sealed record GetPlansQuery : IQuery<PlansDto>;

internal sealed class GetPlansQueryHandler(PlanCatalogue catalogue, IPaymentProvider payments) : IRequestHandler<GetPlansQuery, PlansDto>
{
    public Task<PlansDto> Handle(GetPlansQuery request, CancellationToken cancellationToken) =>
        Task.FromResult(new PlansDto([.. catalogue.Plans.Select(PlanDto.From)], [.. catalogue.AddOns.Select(AddOnDto.From)], payments.IsConfigured, payments.IsLocal));
}

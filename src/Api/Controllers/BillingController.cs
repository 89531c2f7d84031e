using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VoiceTraining.Api.Authentication;
using VoiceTraining.Application.Billing;
using VoiceTraining.Application.Billing.Commands.ApprovePaymentOrder;
using VoiceTraining.Application.Billing.Commands.CancelPaymentOrder;
using VoiceTraining.Application.Billing.Commands.ChangePlan;
using VoiceTraining.Application.Billing.Commands.CreatePaymentOrder;
using VoiceTraining.Application.Billing.Commands.OpenBillingPortal;
using VoiceTraining.Application.Billing.Commands.StartCheckout;
using VoiceTraining.Application.Billing.Commands.SetMemberVoiceSim;
using VoiceTraining.Application.Billing.Commands.SetVoiceAddOnQuantity;
using VoiceTraining.Application.Billing.Commands.StartVoiceAddOnCheckout;
using VoiceTraining.Application.Billing.Queries.GetBillingSummary;
using VoiceTraining.Application.Billing.Queries.GetPaymentOrders;
using VoiceTraining.Application.Billing.Queries.GetPlans;
using VoiceTraining.Application.Billing.Queries.GetVoiceSims;
using VoiceTraining.Application.Billing.VoiceSims;

namespace VoiceTraining.Api.Controllers;

/// <summary>Plans (any member), and for admins the subscription and usage, Stripe Checkout and portal, orders that need approval.</summary>
[Tags("Billing")]
public sealed class BillingController(IMediator mediator) : ApiControllerBase(mediator)
{
    /// <summary>The plan catalogue (prices, seats, scenarios, voice minutes, features) and add-ons. Any member may read it.</summary>
    [HttpGet("api/billing/plans", Name = "listPlans")]
    [ProducesResponseType<PlansDto>(StatusCodes.Status200OK)]
    public Task<PlansDto> Plans(CancellationToken ct) => Mediator.Send(new GetPlansQuery(), ct);

    /// <summary>The organization's plan, status, period, usage against limits this period and recent invoices.</summary>
    [HttpGet("api/billing", Name = "getBilling")]
    [Authorize(Policy = Policies.Admin)]
    [ProducesResponseType<BillingSummaryDto>(StatusCodes.Status200OK)]
    public Task<BillingSummaryDto> Summary(CancellationToken ct) => Mediator.Send(new GetBillingSummaryQuery(), ct);

    /// <summary>Start Stripe Checkout for a plan; redirect the browser to the returned URL (return URLs only on this app's origin).</summary>
    [HttpPost("api/checkout/session", Name = "createCheckoutSession")]
    [Authorize(Policy = Policies.Admin)]
    [ProducesResponseType<CheckoutSessionDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable)]
    public Task<CheckoutSessionDto> Checkout(StartCheckoutCommand command, CancellationToken ct) => Mediator.Send(command, ct);

    /// <summary>Buy voice AI SIMs (single or bundle of 3) as a line of the plan subscription, prorated and charged now; userId gets one.</summary>
    [HttpPost("api/checkout/voice-addon", Name = "createVoiceAddOnCheckout")]
    [Authorize(Policy = Policies.Admin)]
    [ProducesResponseType<VoiceAddOnPurchaseDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status402PaymentRequired)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable)]
    public Task<VoiceAddOnPurchaseDto> VoiceAddOn(StartVoiceAddOnCheckoutCommand command, CancellationToken ct) => Mediator.Send(command, ct);

    /// <summary>
    /// Set how many of a voice add-on the plan subscription holds: more is charged now (prorated), fewer
    /// is credited on the next invoice, 0 removes the line; 409 when it would leave fewer SIMs than are assigned.
    /// </summary>
    [HttpPut("api/billing/voice-addon", Name = "setVoiceAddOnQuantity")]
    [Authorize(Policy = Policies.Admin)]
    [ProducesResponseType<VoiceAddOnPurchaseDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status402PaymentRequired)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable)]
    public Task<VoiceAddOnPurchaseDto> SetVoiceAddOn(SetVoiceAddOnQuantityCommand command, CancellationToken ct) => Mediator.Send(command, ct);

    /// <summary>The organization's voice AI SIMs: purchased, assigned, available, and each active member with theirs and whether voice AI is on for them.</summary>
    [HttpGet("api/billing/voice-sims", Name = "listVoiceSims")]
    [Authorize(Policy = Policies.Admin)]
    [ProducesResponseType<VoiceSimsDto>(StatusCodes.Status200OK)]
    public Task<VoiceSimsDto> VoiceSims(CancellationToken ct) => Mediator.Send(new GetVoiceSimsQuery(), ct);

    /// <summary>Give a member one of the organization's voice AI SIMs, or take it back (idempotent; 409 when none is free).</summary>
    [HttpPut("api/members/{memberId:guid}/voice-sim", Name = "setMemberVoiceSim")]
    [Authorize(Policy = Policies.Admin)]
    [ProducesResponseType<VoiceSimMemberDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public Task<VoiceSimMemberDto> SetVoiceSim(Guid memberId, SetMemberVoiceSimCommand command, CancellationToken ct) =>
        Mediator.Send(command.WithMemberId(memberId), ct);

    /// <summary>Open Stripe's customer portal (payment methods, invoices, cancellation).</summary>
    [HttpPost("api/billing/portal", Name = "createBillingPortalSession")]
    [Authorize(Policy = Policies.Admin)]
    [Consumes("application/json", IsOptional = true)]
    [ProducesResponseType<PortalSessionDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable)]
    public Task<PortalSessionDto> Portal(CancellationToken ct) => Mediator.Send(new OpenBillingPortalCommand(), ct);

    /// <summary>Move the subscription to another plan now, prorated.</summary>
    [HttpPost("api/billing/change-plan", Name = "changePlan")]
    [Authorize(Policy = Policies.Admin)]
    [ProducesResponseType<BillingPlanChangeDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable)]
    public Task<BillingPlanChangeDto> ChangePlan(ChangePlanCommand command, CancellationToken ct) => Mediator.Send(command, ct);

    /// <summary>Orders awaiting approval, and past ones.</summary>
    [HttpGet("api/billing/orders", Name = "listPaymentOrders")]
    [Authorize(Policy = Policies.Admin)]
    [ProducesResponseType<IReadOnlyList<PaymentOrderDto>>(StatusCodes.Status200OK)]
    public Task<IReadOnlyList<PaymentOrderDto>> Orders(CancellationToken ct) => Mediator.Send(new GetPaymentOrdersQuery(), ct);

    /// <summary>Create an order charged only on approval: the card is authorized now (clientSecret lets the web app confirm it).</summary>
    [HttpPost("api/billing/orders", Name = "createPaymentOrder")]
    [Authorize(Policy = Policies.Admin)]
    [ProducesResponseType<PaymentOrderCreatedDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status402PaymentRequired)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status502BadGateway)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status503ServiceUnavailable)]
    public async Task<ActionResult<PaymentOrderCreatedDto>> CreateOrder(CreatePaymentOrderCommand command, CancellationToken ct)
    {
        var created = await Mediator.Send(command, ct);
        return Created($"/api/billing/orders/{created.Order.Id}", created);
    }

    /// <summary>Approve an order: capture the authorized amount.</summary>
    [HttpPost("api/billing/orders/{id:guid}/approve", Name = "approvePaymentOrder")]
    [Authorize(Policy = Policies.Admin)]
    [Consumes("application/json", IsOptional = true)]
    [ProducesResponseType<PaymentOrderDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public Task<PaymentOrderDto> Approve(Guid id, CancellationToken ct) => Mediator.Send(new ApprovePaymentOrderCommand(id), ct);

    /// <summary>Cancel an order: release the authorization; nothing is charged.</summary>
    [HttpPost("api/billing/orders/{id:guid}/cancel", Name = "cancelPaymentOrder")]
    [Authorize(Policy = Policies.Admin)]
    [Consumes("application/json", IsOptional = true)]
    [ProducesResponseType<PaymentOrderDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public Task<PaymentOrderDto> Cancel(Guid id, CancellationToken ct) => Mediator.Send(new CancelPaymentOrderCommand(id), ct);
}

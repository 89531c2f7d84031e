using FluentValidation;
using VoiceTraining.Application.Common.Models;

namespace VoiceTraining.Application.ApiKeys.Queries.GetApiKeys;

public sealed class GetApiKeysQueryValidator : AbstractValidator<GetApiKeysQuery>
{
    public GetApiKeysQueryValidator() => this.AddPagingRules();
}

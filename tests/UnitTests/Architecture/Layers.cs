using System.Reflection;
using NetArchTest.Rules;

namespace VoiceTraining.UnitTests.Architecture;

/// <summary>The product's assemblies, and the assertion every type rule ends with.</summary>
internal static class Layers
{
    public static readonly Assembly Domain = typeof(VoiceTraining.Domain.Common.Entity).Assembly;
    public static readonly Assembly Application = typeof(VoiceTraining.Application.DependencyInjection).Assembly;
    public static readonly Assembly Api = typeof(VoiceTraining.Api.Controllers.ApiControllerBase).Assembly;

    /// <summary>Fails with the names of the offending types, which is what one needs to fix the rule.</summary>
    public static void ShouldPass(this TestResult result, string because) =>
        (result.FailingTypeNames ?? []).Should().BeEmpty(because);
}

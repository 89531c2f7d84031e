using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;

namespace VoiceTraining.Api.Http;

/// <summary>
/// No list in a request may hold null ("rubric": [null], "events": ["a", null]): the 400 names the
/// element (rubric[0]). MVC validates a collection's elements with the metadata of the element's
/// type, which is the only place that metadata kind is validated on its own (properties and
/// parameters have theirs), so a validator there sees exactly list elements and dictionary values.
/// </summary>
internal sealed class NullListElementValidatorProvider : IMetadataBasedModelValidatorProvider, IValidationMetadataProvider
{
    public const string Message = "A list element must not be null.";

    /// <summary>
    /// Registered as a metadata details provider too: the type-only question below cannot tell an
    /// element from a property, and answering yes for properties would read, for records bound
    /// through their constructor, as validation declared on the property (which MVC refuses).
    /// </summary>
    public void CreateValidationMetadata(ValidationMetadataProviderContext context)
    {
        if (context.Key.MetadataKind == ModelMetadataKind.Type && CanBeNull(context.Key.ModelType)) context.ValidationMetadata.HasValidators = true;
    }

    public bool HasValidators(Type modelType, IList<object> validatorMetadata) => false;

    public void CreateValidators(ModelValidatorProviderContext context)
    {
        if (context.ModelMetadata.MetadataKind != ModelMetadataKind.Type || !CanBeNull(context.ModelMetadata.ModelType)) return;
        context.Results.Add(new ValidatorItem { Validator = NotNullElement.Instance, IsReusable = true });
    }

    private static bool CanBeNull(Type type) => !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;

    private sealed class NotNullElement : IModelValidator
    {
        public static readonly NotNullElement Instance = new();

        public IEnumerable<ModelValidationResult> Validate(ModelValidationContext context) =>
            context.Model is null ? [new ModelValidationResult(memberName: null, Message)] : [];
    }
}

using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace VoiceTraining.Api.Http;

/// <summary>Binds a string from the query, route or a form as MVC does, then applies <see cref="TextInputRule"/> (search=%00 is a 400 naming search).</summary>
internal sealed class CheckedStringModelBinder(IModelBinder inner) : IModelBinder
{
    public async Task BindModelAsync(ModelBindingContext bindingContext)
    {
        await inner.BindModelAsync(bindingContext);
        if (bindingContext.Result.Model is string text && TextInputRule.WhyRefused(text) is { } why)
        {
            bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, why);
            bindingContext.Result = ModelBindingResult.Failed();
        }
    }
}

internal sealed class CheckedStringModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        if (context.Metadata.ModelType != typeof(string)) return null;
        // Bodies are read by the JSON converter; headers have their own binder (and carry signatures, not text).
        var source = context.BindingInfo.BindingSource;
        if (source is not null && source != BindingSource.Query && source != BindingSource.Path && source != BindingSource.Form
            && source != BindingSource.ModelBinding) return null;
        var loggers = context.Services.GetRequiredService<ILoggerFactory>();
        return new CheckedStringModelBinder(new SimpleTypeModelBinder(typeof(string), loggers));
    }
}

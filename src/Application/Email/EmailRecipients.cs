using Microsoft.EntityFrameworkCore;
using VoiceTraining.Application.Common.Interfaces;
using VoiceTraining.Domain.Email;
using VoiceTraining.Domain.Members;

namespace VoiceTraining.Application.Email;

/// <summary>Who gets an email, and with which preferences; usable inside a SaveChanges (tracked rows count).</summary>
internal static class EmailRecipients
{
    /// <summary>The member's choices: their stored row, or their role's defaults.</summary>
    public static async Task<EmailPreferenceValues> PreferencesAsync(IApplicationDbContext db, Member member, CancellationToken cancellationToken)
    {
        var row = db.FirstTrackedOrNull<EmailPreferences>(p => p.MemberId == member.Id)
                  ?? await db.EmailPreferences.IgnoreQueryFilters().FirstOrDefaultAsync(p => p.MemberId == member.Id, cancellationToken);
        return row?.Values ?? EmailPreferences.DefaultFor(member.Role);
    }

    /// <summary>
    /// The organization's active admins as saved before this change (an organization being created
    /// with its first admin in one save does not mail them about its own set-up).
    /// </summary>
    public static Task<List<Member>> SavedAdminsAsync(IApplicationDbContext db, Guid orgId, CancellationToken cancellationToken) =>
        db.Members.IgnoreQueryFilters()
            .Where(m => m.OrgId == orgId && m.Role == MemberRole.Admin && m.Status == MemberStatus.Active)
            .OrderBy(m => m.CreatedAt).ToListAsync(cancellationToken);

    public static string RoleWithArticle(MemberRole role) => role switch
    {
        MemberRole.Admin => "an admin",
        MemberRole.Manager => "a manager",
        _ => "a trainee",
    };
}

/// <summary>The links emails carry, on the product's public origin (NEXT_PUBLIC_APP_URL).</summary>
internal sealed class EmailLinks(IPublicUrls urls, IUnsubscribeTokens tokens)
{
    public string App(string path = "/") => urls.BaseUrl + path;

    public string Unsubscribe(Guid orgId, Guid memberId, EmailCategory category) =>
        $"{urls.BaseUrl}/api/email/unsubscribe?token={Uri.EscapeDataString(tokens.Create(orgId, memberId, category))}";
}

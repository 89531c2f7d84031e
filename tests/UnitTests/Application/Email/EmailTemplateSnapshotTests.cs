using VoiceTraining.Application.Email.Templates;
using VoiceTraining.UnitTests.Architecture;

namespace VoiceTraining.UnitTests.Application.Email;

/// <summary>
/// Every template rendered from fixed inputs and compared, byte for byte, with the files in
/// Snapshots/ (HTML and text). A deliberate change: run with UPDATE_SNAPSHOTS=1, review the diff, commit.
/// </summary>
public class EmailTemplateSnapshotTests
{
    private const string App = "https://app.example.com";
    private const string Unsubscribe = "https://app.example.com/api/email/unsubscribe?token=CfDJ8Abc_def-123";
    private static readonly DateTimeOffset At = new(2025, 11, 3, 17, 5, 0, TimeSpan.Zero);

    public static TheoryData<string> Names => [.. Renders().Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Rendered_email_matches_its_snapshot(string name)
    {
        var email = Renders()[name]();
        Compare($"{name}.subject.txt", email.Subject + "\n");
        Compare($"{name}.html", email.Html);
        Compare($"{name}.txt", email.Text);
    }

    [Fact]
    public void Values_are_html_encoded_in_html_and_left_alone_in_text()
    {
        var email = EmailTemplates.Assignment(new AssignmentModel("a@example.com", "<b>Eve</b>", "Acme & \"Sons\"", "Q&A <script>alert('x')</script>",
            false, 1, null, null, App + "/assignments?x=1&y=2", Unsubscribe));

        email.Html.Should().NotContain("<script>").And.NotContain("<b>Eve")
            .And.Contain("Q&amp;A &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
            .And.Contain("Hi &lt;b&gt;Eve&lt;/b&gt;,")
            .And.Contain("Acme &amp; &quot;Sons&quot;")
            .And.Contain("href=\"https://app.example.com/assignments?x=1&amp;y=2\"");
        email.Text.Should().Contain("You have been assigned: Q&A <script>alert('x')</script>");
        email.Subject.Should().Be("New assignment: Q&A <script>alert('x')</script>");
    }

    private static Dictionary<string, Func<RenderedEmail>> Renders() => new()
    {
        ["welcome"] = () => EmailTemplates.Welcome(new WelcomeModel("jamie@acme.example", "Jamie Rivera", "Acme Lending", "a trainee", "Avery Admin", App + "/")),
        ["assignment"] = () => EmailTemplates.Assignment(new AssignmentModel("jamie@acme.example", "Jamie Rivera", "Acme Lending", "Cold call: first-time buyer",
            false, 1, At.AddDays(7), "Morgan Manager", App + "/assignments", Unsubscribe)),
        ["assignment-track"] = () => EmailTemplates.Assignment(new AssignmentModel("jamie@acme.example", "Jamie Rivera", "Acme Lending", "New hire onboarding",
            true, 3, null, null, App + "/assignments", Unsubscribe)),
        ["feedback-ready"] = () => EmailTemplates.FeedbackReady(new FeedbackModel("jamie@acme.example", "Jamie Rivera", "Acme Lending", "Cold call: first-time buyer",
            84, 70, 185, "45:55", 1.24, 6, 142.5, "Strong discovery: you asked six questions and booked the meeting.", App + "/attempts/0195f3c1-0000-7000-8000-000000000001",
            CanReply: true, Unsubscribe)),
        ["feedback-ready-low"] = () => EmailTemplates.FeedbackReady(new FeedbackModel("jamie@acme.example", "Jamie Rivera", "Acme Lending", "Rate objection",
            41, 70, 60, "80:20", 6.5, 0, 190, null, App + "/attempts/0195f3c1-0000-7000-8000-000000000002", CanReply: false, Unsubscribe)),
        ["digest-weekly"] = () => EmailTemplates.Digest(new DigestModel("morgan@acme.example", "Morgan Manager", "Acme Lending", Weekly: true, "27 Oct – 2 Nov 2025",
            3, 5, 76.4, 80, 47.2, 1.8, 4.6, 138.1,
            [new DigestMemberRow("Alex Chen", 0, null, 0), new DigestMemberRow("Jamie Rivera", 3, 81.3, 3), new DigestMemberRow("Sam Patel", 2, 69, 1)],
            [new DigestOverdueRow("Alex Chen", "Rate objection", At.AddDays(-3), 3)], App + "/manage/results", Unsubscribe)),
        ["digest-daily-quiet"] = () => EmailTemplates.Digest(new DigestModel("morgan@acme.example", "Morgan Manager", "Acme Lending", Weekly: false, "Sun, 2 Nov 2025",
            1, 0, null, 0, 0, 0, 0, 0, [new DigestMemberRow("Jamie Rivera", 0, null, 0)], [], App + "/manage/results", Unsubscribe)),
        ["invoice-receipt"] = () => EmailTemplates.InvoiceReceipt(new InvoiceReceiptModel("avery@acme.example", "Avery Admin", "Acme Lending", "$149.00", "INV-0042", At,
            At.AddMonths(-1), At, "https://invoice.stripe.com/i/acct_1/test_42", App + "/billing")),
        ["payment-failed"] = () => EmailTemplates.PaymentFailed(new PaymentFailedModel("avery@acme.example", "Avery Admin", "Acme Lending", "$149.00", "INV-0043",
            "https://invoice.stripe.com/i/acct_1/test_43", 7, App + "/billing")),
        ["plan-changed"] = () => EmailTemplates.PlanChanged(new PlanChangedModel("avery@acme.example", "Avery Admin", "Acme Lending", "Starter", "Professional", At, App + "/billing")),
        ["voice-sims-reclaimed"] = () => EmailTemplates.VoiceSimsReclaimed(new VoiceSimsReclaimedModel("avery@acme.example", "Avery Admin", "Acme Lending", 1,
            ["Sam Patel", "Jamie Rivera"], App + "/billing")),
        ["voice-ai-paused"] = () => EmailTemplates.VoiceAiPaused(new VoiceAiBillingModel("avery@acme.example", "Avery Admin", "Acme Lending", 3, "INV-0043", App + "/billing")),
        ["voice-ai-restored"] = () => EmailTemplates.VoiceAiRestored(new VoiceAiBillingModel("avery@acme.example", "Avery Admin", "Acme Lending", 1, null, App + "/billing")),
        ["webhook-endpoint-disabled"] = () => EmailTemplates.WebhookDisabled(new WebhookDisabledModel("avery@acme.example", "Avery Admin", "Acme Lending", "CRM sync",
            "https://crm.acme.example/hooks/voice", "Every delivery failed for 5 days.", At, App + "/admin/webhooks")),
        ["email-verification"] = () => EmailTemplates.EmailVerification(new AccountLinkModel("new.user@acme.example", "Riley", App + "/auth/verify?token=abc123&type=signup", At.AddHours(24))),
        ["password-reset"] = () => EmailTemplates.PasswordReset(new AccountLinkModel("jamie@acme.example", null, App + "/auth/reset?token=def456", At.AddHours(1))),
    };

    private static void Compare(string file, string actual)
    {
        var path = Path.Combine(LayerDependencyTests.RepositoryRoot(), "tests", "UnitTests", "Application", "Email", "Snapshots", file);
        if (Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        File.Exists(path).Should().BeTrue($"{file} is the expected output (UPDATE_SNAPSHOTS=1 writes it)");
        actual.Should().Be(File.ReadAllText(path), $"the rendered email must match Snapshots/{file} exactly");
    }
}

using VoiceTraining.Application.Email.Templates;

namespace VoiceTraining.UnitTests.Application.Email;

public class EmailFormatTests
{
    [Theory]
    [InlineData(4900, "usd", "$49.00")]
    [InlineData(123456, "USD", "$1,234.56")]
    [InlineData(999, "eur", "€9.99")]
    [InlineData(500, "jpy", "¥500")]
    [InlineData(2500, "cad", "25.00 CAD")]
    [InlineData(1200, "krw", "1,200 KRW")]
    public void Money_is_written_in_the_currencys_units(long amount, string currency, string expected) =>
        EmailFormat.Money(amount, currency).Should().Be(expected);

    [Fact]
    public void Dates_are_english_and_utc()
    {
        var at = new DateTimeOffset(2025, 11, 3, 19, 5, 0, TimeSpan.FromHours(2));
        EmailFormat.Date(at).Should().Be("Mon, 3 Nov 2025");
        EmailFormat.DateTime(at).Should().Be("Mon, 3 Nov 2025, 17:05 UTC");
    }

    [Theory]
    [InlineData(45, "45 s")]
    [InlineData(120, "2 min")]
    [InlineData(185, "3 min 5 s")]
    public void Durations_read_naturally(int seconds, string expected) => EmailFormat.Duration(seconds).Should().Be(expected);
}

import PCRE2Kit
import Testing

@testable import Hiwar

@Suite("Templates: parsing and compiling to PCRE2")
struct TemplateTests {
    let normalizer = TextNormalizer()

    /// Compiles `template` for `language` with order_id and date slots, and says whether it
    /// matches each message.
    func matches(_ template: String, _ language: LanguageCode, _ message: String) throws -> Bool {
        let context = TemplateCompiler.Context(
            language: language,
            normalizer: normalizer,
            slotRegex: { ["order_id": BuiltinEntity.orderID.regex, "date": BuiltinEntity.date.regex][$0] }
        )
        let output = try TemplateCompiler.compile(try TemplateParser.parse(template), context: context)
        let pattern = try Pattern(output.regex, options: .caseless)
        return pattern.firstMatch(in: normalizer.normalize(message: message)).match != nil
    }

    @Test("English: words, optional parts (leading too), alternatives, wildcards, slots, affixes")
    func english() throws {
        #expect(try matches("where is [my] order", .english, "Where is my ORDER?"))
        #expect(try matches("where is [my] order", .english, "where is order"))
        #expect(try !matches("where is [my] order", .english, "where is myorder"))
        #expect(try matches("[i] got it", .english, "got it, thanks"))
        #expect(try matches("[i] got it", .english, "I got it"))
        #expect(try matches("cancel * order", .english, "cancel my last big order"))
        #expect(try !matches("cancel * order", .english, "cancel one two three four order"))
        #expect(try matches("order {order_id}", .english, "order #558120"))
        #expect(try matches("<arrive>", .english, "it arrives today"))
        #expect(try !matches("order", .english, "reorder"))
    }

    @Test("Arabic: attached proclitics and suffixes, joined spellings, folded letters")
    func arabic() throws {
        #expect(try matches("<طلب>", .arabic, "وين طلبي"))
        #expect(try matches("<طلب>", .arabic, "والطلبية"))
        #expect(try matches("<طلب>", .arabic, "للطلب"))
        #expect(try matches("<وقف>", .arabic, "وقفوه لو سمحت"), "a verb's plural imperative with its object")
        #expect(try matches("<ذكر>", .arabic, "ذكرني بكرة"), "a verb's object: me")
        #expect(try matches("<طلب>", .arabic, "وين طلباتي"), "a plural with its possessive")
        #expect(try matches("<انتهاء>", .arabic, "كم باقي على انتهائها"), "a final hamza on its seat before a suffix")
        #expect(try matches("<إلغاء>", .arabic, "ابي إلغائه"))
        #expect(try matches("<رحلة>", .arabic, "رحلاتي في موعدها"), "ة's plural ات, with a possessive")
        #expect(
            try !matches("<كرت>", .arabic, "الكرتونة مفتوحة"),
            "a masculine plural takes no pronoun: carton is not card"
        )
        #expect(try !matches("<اب>", .arabic, "ذهاب"))
        #expect(try !matches("طلب", .arabic, "طلبي"), "without <>, the word stands alone")
        #expect(try matches("لو سمحت", .arabic, "لوسمحت"))
        #expect(try matches("إلغاء الطلب", .arabic, "الغاء الطلب"))
        #expect(try matches("متى يوصل", .arabic, "متي يوصل"))
        #expect(try matches("<طلب> [رقم] {order_id}", .arabic, "الطلب رقم ٥٥٨١٢٠"))
        #expect(try matches("<بطاقة>", .arabic, "حدث بطاقتي"), "ة is written ت before a suffix")
        #expect(try matches("<رحلة>", .arabic, "رحلتك متأخرة"))
        #expect(try !matches("<بطاقة>", .arabic, "بطات"), "a bare ت stem is another word")
    }

    @Test("!word and !(a|b): what may not follow, in every language")
    func notFollowedBy() throws {
        #expect(try matches("تحديث <بطاقة> !(الهوية|هوية)", .arabic, "تحديث البطاقة"))
        #expect(try matches("تحديث <بطاقة> !(الهوية|هوية)", .arabic, "تحديث بطاقتي من فضلك"))
        #expect(try !matches("تحديث <بطاقة> !(الهوية|هوية)", .arabic, "تحديث بطاقة الهوية الوطنية"))
        #expect(try !matches("<کارت> !ملی", .persian, "کارت ملی"))
        #expect(try matches("<کارت> !ملی", .persian, "کارت ملیکا"), "the excluded word is whole")
        #expect(try !matches("update card !(game|games)", .english, "update card game"))
    }

    @Test("Persian: half-spaces, suffixes after a half-space, Arabic-keyboard letters, Persian digits")
    func persian() throws {
        #expect(try matches("می‌خواهم", .persian, "میخواهم"))
        #expect(try matches("می‌خواهم", .persian, "مي خواهم"))
        #expect(try matches("<سفارش> کجاست", .persian, "سفارشم کجاست؟"))
        #expect(try matches("<بسته> کجاست", .persian, "بسته‌ام کجاست"))
        #expect(try matches("<کارت>", .persian, "کارت‌هایم"))
        #expect(try matches("<سفارش> {order_id}", .persian, "سفارش ۱۲۳۴۵۶"))
        #expect(try matches("کجاست", .persian, "كجاست"), "Arabic-keyboard ك and ي")
        #expect(try matches("<بسته> کجاست", .persian, "بستم کجاست"), "colloquial: the silent ه dropped before م")
        #expect(try matches("<خونه>", .persian, "خونت"))
        #expect(try matches("<گیت>", .persian, "گیته؟"), "colloquial 'is' written onto the word")
        #expect(try matches("<پرواز>", .persian, "پروازمون عقب افتاده"), "colloquial 'our'")
        #expect(try matches("<سفارش>", .persian, "سفارشتون"), "colloquial 'your'")
        #expect(try matches("<بسته>", .persian, "بسته‌هامونو"), "plural, 'our', object marker")
        #expect(try !matches("<بسته> کجاست", .persian, "بست کجاست"), "the stem alone is another word")
    }

    @Test("alternatives try the longest first, so a match covers what was said")
    func longestAlternativeFirst() throws {
        let context = TemplateCompiler.Context(language: .english, normalizer: normalizer, slotRegex: { _ in nil })
        let output = try TemplateCompiler.compile(try TemplateParser.parse("(no|no thanks)"), context: context)
        let pattern = try Pattern(output.regex)
        #expect(pattern.firstMatch(in: "no thanks").match?.range == 0..<9)
    }

    @Test(
        "syntax errors name the problem and its scalar offset",
        arguments: [
            ("where is (my order", "'(' is never closed; add ')'", 9),
            ("track *20 order", "a wildcard stands for 1 to 10 words", 6),
            ("* order", "a wildcard at the start or end of a pattern adds nothing: patterns match anywhere", 0),
            ("(i )? got it", "'?' is regex syntax; in a pattern write optional parts in brackets: [my] order", 4),
            ("وين <>", "'<' needs a word, as in <طلب>", 4),
            ("مين <رح يجيب>", "a word family <…> holds one word; write the other words outside it, as in رح <يوصل>", 7),
            ("وين <طلب", "'<' is never closed; add '>'", 4),
            ("a | | b", "an empty alternative; remove the extra '|'", 3),
            ("order {Order-ID}", "\"Order-ID\" is not a slot name", 7),
            ("where ]", "']' has no opening partner", 6),
            ("!id card", "'!' must follow something: it says what may not come next", 0),
            ("card ! id", "'!' needs a word or a group right after it, as in !(id|national)", 5),
        ]
    )
    func errors(_ template: String, _ message: String, _ offset: Int) {
        do {
            let context = TemplateCompiler.Context(language: .english, normalizer: normalizer, slotRegex: { _ in "x" })
            _ = try TemplateCompiler.compile(try TemplateParser.parse(template), context: context)
            Issue.record("\(template) compiled")
        } catch {
            #expect(error.message == message)
            #expect(error.offset == offset)
        }
    }
}

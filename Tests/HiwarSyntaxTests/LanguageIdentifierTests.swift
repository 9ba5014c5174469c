import Testing

@testable import HiwarSyntax

@Suite("Language identification")
struct LanguageIdentifierTests {
    static let english = [
        "where is my order", "When will my package arrive?", "track order #558120", "hi there",
        "I want to cancel my order", "my order never came", "which gate is my flight", "is flight EK203 delayed?",
        "check me in please", "remind me next week", "update my card", "when does my card expire",
        "I want to talk to a person", "thanks a lot!", "bye", "yes please", "no thanks", "wher is my ordr",
        "pls cancel it", "can u check in for me", "whats the new departure time", "my card ending in 4821",
        "I didn't get my parcel", "the package arrived damaged", "speak to an agent", "help",
        "good morning", "ok thx", "what time is boarding", "remind me tomorrow", "Hello, my flight to Dubai",
        "I got it, thanks",
    ]
    static let arabic = [
        "أين طلبي؟", "متى يصل الطلب", "أريد إلغاء الطلب", "هل الرحلة متأخرة؟", "ما هي البوابة؟",
        "أريد التحدث مع موظف", "شكراً جزيلاً", "وين طلبي", "ابغى الغي الطلب", "متى توصل الشحنة",
        "عايز اكلم حد من خدمة العملاء", "فين الطلب بتاعي", "الطلب لسه موصلش ليه", "مرحبا، كيف حالك",
        "ذكرني الأسبوع الجاي", "حدث بطاقتي من فضلك", "متى تنتهي صلاحية البطاقة؟", "لا شكرا", "نعم من فضلك",
        "هل يمكنني تسجيل الوصول الآن", "ما هو موعد الرحلة الجديد", "لم يصلني الطلب", "الطرد وصل تالف",
        "رقم الطلب ٥٥٨١٢٠", "بكرة الصبح", "ممكن تساعدني في طلبي", "اريد اتكلم مع احد", "البطاقة المنتهية بـ ٤٨٢١",
        "ليش الرحلة تأخرت", "وش صار على طلبي", "كم باقي على الرحلة؟", "مع السلامة يا صديقي",
        // Dialect words beside Persian-looking ones ("ما" is also Persian "we").
        "لسه ما وصلني شي", "ما وصلني شيء لسا", "بدي الغي الاوردر تبعي", "ازاي ما وصلني", "ما جاني شي",
    ]
    static let persian = [
        "سفارشم کجاست؟", "کی سفارشم می‌رسد", "می‌خواهم سفارشم را لغو کنم", "پروازم تاخیر داره؟",
        "گیت پرواز کدومه", "می‌خوام با یه نفر صحبت کنم", "خیلی ممنون", "سفارشم هنوز نرسیده",
        "لطفا کارتم رو به‌روزرسانی کن", "کارتم کی منقضی میشه؟", "هفته بعد یادم بنداز", "نه مرسی", "آره لطفا",
        "چک‌این پروازم رو انجام بده", "ساعت جدید پرواز چنده", "بسته خراب رسید", "شماره سفارش ۱۲۳۴۵۶",
        "سلام وقت بخیر", "میخوام سفارشمو کنسل کنم", "كارتم كي منقضي ميشه", "پرواز w5 ۱۲۳۴ فردا",
        "با یک مسئول صحبت کنم", "کمک می‌خواهم", "بعد از یک هفته یادآوری کن", "خداحافظ",
        "سفارش من کی میرسه", "این کارت منقضی شده", "چرا پرواز عقب افتاد", "گیت عوض شده؟", "دستم نرسیده",
        "مرسی از کمکت", "كجاست سفارش من",
    ]
    static let unsure = ["سلام", "123456", "", "   ", "👍", "#558120", "؟", "الله"]

    let identifier = LanguageIdentifier()

    @Test("English sentences", arguments: english)
    func identifiesEnglish(_ text: String) {
        #expect(identifier.identify(text).language == .english)
    }

    @Test("Arabic sentences (MSA, Gulf, Egyptian)", arguments: arabic)
    func identifiesArabic(_ text: String) {
        let guess = identifier.identify(text)
        #expect(guess.language == .arabic, "scores \(guess.scores)")
    }

    @Test("Persian sentences (formal, colloquial, Arabic keyboard, Persian digits)", arguments: persian)
    func identifiesPersian(_ text: String) {
        let guess = identifier.identify(text)
        #expect(guess.language == .persian, "scores \(guess.scores)")
    }

    @Test("says unknown when there is no evidence", arguments: unsure)
    func unknown(_ text: String) {
        #expect(identifier.identify(text).language == nil)
    }

    @Test("at least 30 labelled sentences per language")
    func sizes() {
        #expect(Self.english.count >= 30 && Self.arabic.count >= 30 && Self.persian.count >= 30)
    }
}

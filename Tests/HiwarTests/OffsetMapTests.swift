import Testing

@testable import Hiwar

@Suite("Offset map from the match form back to what the customer typed")
struct OffsetMapTests {
    let normalizer = TextNormalizer()

    /// Normalizes, finds `needle` in the match form, and returns what it maps back to.
    func original(of needle: String, in message: String) throws -> Substring {
        let result = normalizer.normalizeWithOffsets(message: message)
        let range = try #require(result.text.utf8.firstRange(of: needle.utf8), "\(needle) not in \(result.text)")
        let lower = result.text.utf8.distance(from: result.text.utf8.startIndex, to: range.lowerBound)
        let upper = result.text.utf8.distance(from: result.text.utf8.startIndex, to: range.upperBound)
        return result.originalSubstring(of: lower..<upper)
    }

    @Test("Arabic: digits, diacritics, tatweel and bidi marks map back to the typed form")
    func arabic() throws {
        #expect(try original(of: "558120", in: "رقم الطلب ‏#٥٥٨١٢٠") == "٥٥٨١٢٠")
        #expect(try original(of: "شكرا", in: "شكراً جزيلاً") == "شكراً")
        #expect(try original(of: "مرحبا", in: "مـــرحبـــا يا صديقي") == "مـــرحبـــا")
        #expect(try original(of: "الطلب", in: "إلغاء الطلبية من فضلك") == "الطلب")
        #expect(try original(of: "شكرا", in: "شكرااااا") == "شكرااااا")
        #expect(try original(of: "لا", in: "\u{FEFB} شكرا") == "\u{FEFB}")
    }

    @Test("Persian: half-spaces, Persian digits and keyboard variants map back")
    func persian() throws {
        #expect(try original(of: "مي خواهم", in: "می‌خواهم سفارشم را لغو کنم") == "می‌خواهم")
        #expect(try original(of: "123456", in: "شماره سفارش ۱۲۳۴۵۶") == "۱۲۳۴۵۶")
        #expect(try original(of: "123456", in: "۱۲\u{200C}۳۴۵۶") == "۱۲\u{200C}۳۴۵۶")
        #expect(try original(of: "كارت", in: "کارت‌های من") == "کارت")
        #expect(try original(of: "مرسي", in: "مرسیییی") == "مرسیییی")
    }

    @Test("Mixed scripts and compatibility characters")
    func mixed() throws {
        #expect(try original(of: "ek203", in: "الرحلة ＥＫ２０３ غداً") == "ＥＫ２０３")
        #expect(try original(of: "a-10293", in: "order A–10293 please") == "A–10293")
        #expect(try original(of: "558120", in: "order \u{202E}558120\u{202C}") == "558120")
        #expect(try original(of: "café", in: "CAFE\u{0612}\u{0301} time") == "CAFE\u{0612}\u{0301}")
        #expect(try original(of: "where's", in: "  Where’s my ORDER?") == "Where’s")
    }

    @Test("every scalar of the match form maps into the original, in order, on random text")
    func roundTrip() {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<1_000 {
            let text = randomString(length: Int(generator.next() % 30), using: &generator)
            let result = normalizer.normalizeWithOffsets(message: text)
            var previous = 0..<0
            var offset = 0
            for scalar in result.text.unicodeScalars {
                let width = UTF8.width(scalar)
                let range = result.originalRange(of: offset..<(offset + width))
                #expect(!range.isEmpty && range.upperBound <= text.utf8.count)
                #expect(range.lowerBound >= previous.lowerBound, "map goes backwards in \(text.debugDescription)")
                previous = range
                offset += width
            }
            let whole = result.originalRange(of: 0..<result.text.utf8.count)
            #expect(whole.upperBound <= text.utf8.count)
        }
    }
}

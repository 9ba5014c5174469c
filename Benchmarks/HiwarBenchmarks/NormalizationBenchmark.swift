import Foundation
import Hiwar

/// Normalization throughput on typical customer messages in each language.
enum NormalizationBenchmark {
    static let corpora: [(String, [String])] = [
        (
            "English (ASCII)",
            [
                "Where is my order #558120? It was supposed to arrive yesterday",
                "hi, can you check in me for flight EK 203 tomorrow please", "thanksss a lot!!!",
                "I want to talk to a person about my card ending in 4821",
            ]
        ),
        (
            "English (typographic)",
            [
                "Where’s my ORDER? It’s late — again", "order A–10293 “urgent”", "ＥＫ２０３ status please",
            ]
        ),
        (
            "Arabic",
            [
                "أين طلبي رقم ٥٥٨١٢٠؟ كان من المفروض يوصل أمس", "متى موعد رحلتي؟ شكراً جزيلاً",
                "أريد إلغاء الطلب لو سمحت", "مـــرحبـــا، البطاقة المنتهية بـ ٤٨٢١ انتهت صلاحيتها",
            ]
        ),
        (
            "Persian",
            [
                "می‌خواهم سفارشم را لغو کنم", "شماره سفارش ۱۲۳۴۵۶ کجاست؟ هنوز نرسیده",
                "کارتم کی منقضی میشه؟ هفته بعد یادم بنداز", "پرواز w5 ۱۲۳۴ فردا ساعت چنده",
            ]
        ),
    ]

    static func run() {
        let normalizer = TextNormalizer()
        print("\nNormalization (one message at a time, release build)")
        print(pad("corpus", 24) + pad("MB/s", 10) + pad("µs/message", 12) + "with offset map (µs/message)")
        for (name, messages) in corpora {
            let bytes = messages.reduce(0) { $0 + $1.utf8.count }
            let plain = measure {
                for message in messages { blackHole(normalizer.normalize(message: message)) }
            }
            let mapped = measure {
                for message in messages { blackHole(normalizer.normalizeWithOffsets(message: message)) }
            }
            let megabytesPerSecond = Double(bytes) / plain / 1e6
            let perMessage = plain / Double(messages.count) * 1e6
            let perMessageMapped = mapped / Double(messages.count) * 1e6
            print(
                pad(name, 24) + pad(String(format: "%.1f", megabytesPerSecond), 10)
                    + pad(String(format: "%.2f", perMessage), 12) + String(format: "%.2f", perMessageMapped)
            )
        }
    }
}

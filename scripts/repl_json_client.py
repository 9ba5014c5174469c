#!/usr/bin/env python3
"""A client of `hiwar repl --json` in Python, as docs/repl-json.md describes: run by `make test`.

Usage: repl_json_client.py PATH/TO/hiwar
"""
import json
import subprocess
import sys


def main() -> int:
    binary = sys.argv[1]
    bot = subprocess.Popen(
        [binary, "repl", "Intents", "--json", "--clock", "2026-01-05T09:00",
         "--actions", "Tests/Conversations/actions.json"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")

    def ask(**line):
        bot.stdin.write(json.dumps(line, ensure_ascii=False) + "\n")
        bot.stdin.flush()
        return json.loads(bot.stdout.readline())

    failures = []
    checks = []

    def check(condition, message):
        checks.append(message)
        if not condition:
            failures.append(message)

    r = ask(session="py", event="order.shipped", data={"order_id": "A-10293", "eta": "2026-01-07"})
    check(r["state"] == "order.shipped", f"notice: {r}")
    r = ask(session="py", text="متى يوصل الطلب")
    check(r["intent"] == "order.track" and r["lang"] == "ar", f"arabic question: {r}")
    check("A-10293" in r["replies"][0], f"reply names the order: {r}")
    r = ask(session="py", event="card.expiring", data={"card_last4": 4821, "expiry": "2026-02"})
    check(r["responses"] == ["card.expiring_notice"], f"numbers are accepted as field values: {r}")
    r = ask(session="py", text="remind me next week", lang="en")
    check(r["slots"].get("duration") == "P1W", f"duration slot: {r}")
    r = ask(session="py", advance="7d")
    check(r["responses"] == ["card.reminder_notice"], f"reminder on advance: {r}")
    r = ask(session="py", text="{not json")
    check(r["intent"] == "fallback" and r["slots"] == {}, f"text that looks like JSON is just text: {r}")
    bot.stdin.write("{broken\n")
    bot.stdin.flush()
    r = json.loads(bot.stdout.readline())
    check(r.get("error", {}).get("code") == "invalid-json", f"a broken line is an error object: {r}")
    r = ask(session="py", text="thanks")
    check(r["intent"] == "thanks", f"the loop goes on after an error: {r}")
    bot.stdin.close()
    check(bot.wait(timeout=30) == 0, "exit status 0 at end of input")
    for failure in failures:
        print("repl --json client: FAIL", failure)
    print(f"repl --json client: {len(checks) - len(failures)} of {len(checks)} checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

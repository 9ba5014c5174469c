#!/usr/bin/env bash
# Installs what Hiwar needs to build: PCRE2's headers and pkg-config file (Debian's libpcre2-dev,
# Homebrew's pcre2), SQLite's headers for the session store (libsqlite3-dev; macOS has them) and
# libedit's for the REPL's line editing (libedit-dev), plus tmux, in which the tests drive the
# interactive REPL. Idempotent: does nothing when everything is already there.
set -euo pipefail

have_pcre2() {
    command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libpcre2-8 && return 0
    # Without pkg-config, look for the header where Debian and Homebrew put it.
    [ -f /usr/include/pcre2.h ] || [ -f /opt/homebrew/include/pcre2.h ] || [ -f /usr/local/include/pcre2.h ]
}

if ! command -v swift >/dev/null 2>&1; then
    echo "setup: the Swift toolchain (6.x) is not on PATH. Install it from swift.org, then run this again." >&2
    exit 1
fi

have_sqlite() {
    [ "$(uname -s)" != Linux ] || [ -f /usr/include/sqlite3.h ]
}

have_libedit() {
    [ -f /usr/include/editline/readline.h ] || [ -f /opt/homebrew/opt/libedit/include/editline/readline.h ] \
        || [ "$(uname -s)" = Darwin ]
}

if have_pcre2 && have_sqlite && have_libedit && command -v tmux >/dev/null 2>&1 \
    && command -v pkg-config >/dev/null 2>&1; then
    exit 0
fi

case "$(uname -s)" in
Linux)
    if command -v apt-get >/dev/null 2>&1; then
        if [ "$(id -u)" -eq 0 ]; then
            run=()
        elif command -v sudo >/dev/null 2>&1; then
            run=(sudo)
        else
            echo "setup: PCRE2 headers are missing and this user is not root and has no sudo." >&2
            echo "setup: ask an administrator to run: apt-get install -y libpcre2-dev libsqlite3-dev libedit-dev tmux pkg-config" >&2
            exit 1
        fi
        echo "setup: installing libpcre2-dev, libsqlite3-dev, libedit-dev, tmux and pkg-config with apt-get"
        export DEBIAN_FRONTEND=noninteractive
        # apt can fail transiently (a cleaned cache mid-unpack); the install is idempotent, so retry.
        for attempt in 1 2 3; do
            if "${run[@]}" apt-get update -qq && "${run[@]}" apt-get install -y -qq libpcre2-dev libsqlite3-dev libedit-dev tmux pkg-config; then
                break
            fi
            if [ "$attempt" -eq 3 ]; then
                echo "setup: apt-get could not install libpcre2-dev. Run: apt-get install -y libpcre2-dev libsqlite3-dev libedit-dev tmux pkg-config" >&2
                exit 1
            fi
            sleep 2
        done
    else
        echo "setup: PCRE2 is missing. Install your distribution's PCRE2 development package" >&2
        echo "setup: (libpcre2-dev, pcre2-devel, pcre2) and pkg-config, then run this again." >&2
        exit 1
    fi
    ;;
Darwin)
    if command -v brew >/dev/null 2>&1; then
        brew install pcre2 pkg-config tmux
    else
        echo "setup: PCRE2 is missing. Install Homebrew, then run: brew install pcre2 pkg-config tmux" >&2
        exit 1
    fi
    ;;
*)
    echo "setup: unsupported system $(uname -s). Install PCRE2 (libpcre2-8) and pkg-config by hand." >&2
    exit 1
    ;;
esac

if ! have_pcre2; then
    echo "setup: PCRE2 still not found after installing. Check: pkg-config --modversion libpcre2-8" >&2
    exit 1
fi
echo "setup: PCRE2 $(pkg-config --modversion libpcre2-8) ready"

#ifndef HIWAR_CEDITLINE_SHIM_H
#define HIWAR_CEDITLINE_SHIM_H

// libedit (BSD licensed; Debian's libedit-dev, part of macOS) through its readline-compatible
// interface, which Swift can call directly: the native el_set() is variadic and cannot be imported.
#include <stdio.h>
#include <editline/readline.h>

// Swift 6 treats imported mutable globals as shared state; these setters keep every write to
// libedit's globals in one place, made from the REPL's single reading thread.

/// Names the program "hiwar" (for `hiwar:` lines in ~/.editrc) and installs the completer.
static inline void hiwar_editline_configure(rl_completion_func_t *completer) {
    rl_readline_name = "hiwar";
    rl_attempted_completion_function = completer;
}

/// The line being edited, for the completion callback (valid only inside it).
static inline const char *hiwar_editline_line(void) { return rl_line_buffer; }

/// What follows a completed word (' ' by default, '=' after an event field name).
static inline void hiwar_editline_set_append(int character) { rl_completion_append_character = character; }

/// 1: the completer's answer is final; 0: fall back to libedit's file-name completion.
static inline void hiwar_editline_set_completion_over(int over) { rl_attempted_completion_over = over; }

#endif

#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
/* SwiftPM drops pkg-config's -D flags, which are what turn wide characters on: define it here. */
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/* Globals and macros Swift cannot use directly. */
static inline WINDOW *cnc_stdscr(void) { return stdscr; }
static inline int cnc_lines(void) { return LINES; }
static inline int cnc_cols(void) { return COLS; }
static inline int cnc_colors(void) { return COLORS; }
static inline int cnc_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t cnc_a_bold(void) { return A_BOLD; }
static inline attr_t cnc_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cnc_a_reverse(void) { return A_REVERSE; }
static inline attr_t cnc_a_normal(void) { return A_NORMAL; }
static inline int cnc_key_code_yes(void) { return KEY_CODE_YES; }
static inline int cnc_wcwidth(wchar_t c) { return wcwidth(c); }

/* Draws one wide string at a position with attributes and a colour pair (pairs above 255 included). */
static inline int cnc_put(int y, int x, const wchar_t *text, int count, attr_t attrs, int pair) {
    if (wmove(stdscr, y, x) == ERR) return ERR;
    wattr_set(stdscr, attrs, (short)0, &pair);
    int result = waddnwstr(stdscr, text, count);
    wattr_set(stdscr, A_NORMAL, (short)0, NULL);
    return result;
}
#endif

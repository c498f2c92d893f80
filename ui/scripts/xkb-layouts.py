#!/usr/bin/env python3
"""What each X keyboard layout types for each key of the main block, unshifted and with Shift:
the fixture the wedge tests build their key events from (ui/src/lib/fixtures/xkb-layouts.json).

Read from the system's XKB data (xkb-data) through libxkbcommon, the compiler GTK's keymaps come
from, so the fixture is the layouts as they are, not as remembered. Run it again when xkb-data
changes: python3 ui/scripts/xkb-layouts.py > ui/src/lib/fixtures/xkb-layouts.json
"""
import ctypes
import json
import sys

# KeyboardEvent.code of each key of the main block, by its Linux evdev code (X keycode - 8).
# The code names the key's place on a US keyboard, whatever the layout types there.
CODES = {
    41: "Backquote", 2: "Digit1", 3: "Digit2", 4: "Digit3", 5: "Digit4", 6: "Digit5", 7: "Digit6",
    8: "Digit7", 9: "Digit8", 10: "Digit9", 11: "Digit0", 12: "Minus", 13: "Equal",
    16: "KeyQ", 17: "KeyW", 18: "KeyE", 19: "KeyR", 20: "KeyT", 21: "KeyY", 22: "KeyU", 23: "KeyI",
    24: "KeyO", 25: "KeyP", 26: "BracketLeft", 27: "BracketRight",
    30: "KeyA", 31: "KeyS", 32: "KeyD", 33: "KeyF", 34: "KeyG", 35: "KeyH", 36: "KeyJ", 37: "KeyK",
    38: "KeyL", 39: "Semicolon", 40: "Quote", 43: "Backslash",
    44: "KeyZ", 45: "KeyX", 46: "KeyC", 47: "KeyV", 48: "KeyB", 49: "KeyN", 50: "KeyM",
    51: "Comma", 52: "Period", 53: "Slash", 57: "Space", 86: "IntlBackslash",
}
# The station's layouts (X names: Norwegian is `no`; `ro` is Romanian (programmers), `ro(std)` the
# standard one) and the ones a scanner can be set to.
LAYOUTS = ["us", "pl", "ro", "ro(std)", "no", "ru", "de"]


class RuleNames(ctypes.Structure):
    _fields_ = [(n, ctypes.c_char_p) for n in ("rules", "model", "layout", "variant", "options")]


xkb = ctypes.CDLL("libxkbcommon.so.0")
xkb.xkb_context_new.restype = ctypes.c_void_p
xkb.xkb_keymap_new_from_names.restype = ctypes.c_void_p
xkb.xkb_keymap_new_from_names.argtypes = [ctypes.c_void_p, ctypes.POINTER(RuleNames), ctypes.c_int]
xkb.xkb_state_new.restype = ctypes.c_void_p
xkb.xkb_state_new.argtypes = [ctypes.c_void_p]
xkb.xkb_keymap_mod_get_index.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
xkb.xkb_keymap_mod_get_index.restype = ctypes.c_uint32
xkb.xkb_state_update_mask.argtypes = [ctypes.c_void_p] + [ctypes.c_uint32] * 6
xkb.xkb_state_key_get_one_sym.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
xkb.xkb_state_key_get_one_sym.restype = ctypes.c_uint32
xkb.xkb_keysym_get_name.argtypes = [ctypes.c_uint32, ctypes.c_char_p, ctypes.c_size_t]
xkb.xkb_keysym_to_utf8.argtypes = [ctypes.c_uint32, ctypes.c_char_p, ctypes.c_size_t]
xkb.xkb_keymap_unref.argtypes = [ctypes.c_void_p]
xkb.xkb_state_unref.argtypes = [ctypes.c_void_p]


def produced(state, keycode):
    """What one key types."""
    sym = xkb.xkb_state_key_get_one_sym(state, keycode)
    text = ctypes.create_string_buffer(16)
    n = xkb.xkb_keysym_to_utf8(sym, text, 16)
    name = ctypes.create_string_buffer(64)
    xkb.xkb_keysym_get_name(sym, name, 64)
    ch = text.value.decode() if n > 0 else ""
    # One character, or the keysym's name (always longer than one character) when it types none.
    return ch if len(ch) == 1 and ch.isprintable() else name.value.decode()


def layout(ctx, name):
    base, _, variant = name.rstrip(")").partition("(")
    names = RuleNames(b"evdev", b"pc105", base.encode(), variant.encode(), b"")
    keymap = xkb.xkb_keymap_new_from_names(ctx, ctypes.byref(names), 0)
    if not keymap:
        sys.exit(f"no keymap for {name}")
    shift = 1 << xkb.xkb_keymap_mod_get_index(keymap, b"Shift")
    state = xkb.xkb_state_new(keymap)
    keys = {}
    for evdev, code in CODES.items():
        levels = []
        for mods in (0, shift):
            xkb.xkb_state_update_mask(state, mods, 0, 0, 0, 0, 0)
            levels.append(produced(state, evdev + 8))
        keys[code] = levels
    xkb.xkb_state_unref(state)
    xkb.xkb_keymap_unref(keymap)
    return keys


ctx = xkb.xkb_context_new(0)
# One key a line, so a change of xkb-data reads as a short diff.
print('{\n "source": "xkb-data through libxkbcommon (ui/scripts/xkb-layouts.py); each key: [unshifted, Shift], '
      'a character or, when the key types none (a dead key), its keysym name",\n "layouts": {')
for i, name in enumerate(LAYOUTS):
    keys = layout(ctx, name)
    rows = [f'   {json.dumps(code)}: {json.dumps(levels, ensure_ascii=False)}' for code, levels in keys.items()]
    print(f'  {json.dumps(name)}: {{\n' + ',\n'.join(rows) + '\n  }' + (',' if i < len(LAYOUTS) - 1 else ''))
print(' },')
# The X keycode of each key (evdev + 8), for the end-to-end test that presses them under Xvfb.
print(' "x_keycodes": {' + ', '.join(f'{json.dumps(code)}: {evdev + 8}' for evdev, code in CODES.items()) + '}\n}')

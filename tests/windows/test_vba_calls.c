/* The calls examples/excel/Chitieu.bas makes, made the same way on Windows
 * (run under Wine by scripts/test-windows.sh): chitieu.dll loaded with
 * LoadLibraryW by its full path, each function found by name and called
 * through a pointer typed as the VBA Declare is (LongPtr = intptr_t, Long =
 * int32_t, Double = double, ByRef = a pointer), text as BSTRs (what StrPtr
 * hands over: UTF-16, NUL-terminated), buffers made as String$(n, vbNullChar)
 * and read as Left$(buf, needed - 1), with the buffer-too-small retry.
 * Each helper below is named after the VBA procedure it follows; dll_xl_*
 * is the Declare'd chitieu_xl_*.
 *
 * usage: test_vba_calls.exe <full path of chitieu.dll> */
#include <windows.h>
#include <oleauto.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

/* CHECK and finish(); the functions of chitieu.h are not linked: they are
 * found with GetProcAddress, as VBA's Declare does. */
#include "../c/check.h"

/* The Declare statements of Chitieu.bas, as function pointer types. */
typedef int32_t (*check_w_t)(intptr_t target, double value, double second, int32_t hasSecond);
typedef int32_t (*margin_w_t)(intptr_t target, double value, double second, int32_t hasSecond, double *margin);
typedef int32_t (*explain_w_t)(intptr_t target, double value, double second, int32_t hasSecond, int32_t lang, intptr_t buf, int32_t capacity, int32_t *needed);
typedef int32_t (*last_error_w_t)(intptr_t buf, int32_t capacity, int32_t *needed);
typedef int32_t (*target_find_w_t)(intptr_t id, intptr_t *target);
typedef int32_t (*range_t)(intptr_t target, intptr_t values, intptr_t seconds, intptr_t present, int32_t count, intptr_t codes, intptr_t margins);
typedef int32_t (*explain_range_w_t)(intptr_t target, intptr_t values, intptr_t seconds, intptr_t present, int32_t count, int32_t lang, intptr_t codes, intptr_t buf, int32_t capacity, int32_t *needed);

static check_w_t dll_xl_check_w;
static margin_w_t dll_xl_margin_w;
static explain_w_t dll_xl_explain_w;
static last_error_w_t dll_xl_last_error_w;
static target_find_w_t dll_xl_target_find_w;
static range_t dll_xl_range;
static explain_range_w_t dll_xl_explain_range_w;

#define XL_ERROR (-100)
#define XL_BUFFER_TOO_SMALL (-107)
#define XL_NOT_FOUND (-108)
#define XL_VALUE 1
#define XL_SECOND 2

/* The first buffers Chitieu.bas makes (String$(512, vbNullChar)); the test
 * also runs with tiny ones, so that every retry path is taken. */
static int32_t first_size = 512;

/* String$(n, vbNullChar) */
static BSTR nulls(int32_t n) {
    BSTR b = SysAllocStringLen(NULL, (UINT)n);
    for (int32_t i = 0; i < n; i++) b[i] = 0;
    return b;
}

/* Left$(buf, n) as a new BSTR. */
static BSTR left(BSTR buf, int32_t n) {
    return SysAllocStringLen(buf, (UINT)n);
}

/* "#chitieu: " & s */
static BSTR prefixed(const wchar_t *s, UINT n) {
    size_t p = wcslen(L"#chitieu: ");
    BSTR out = SysAllocStringLen(NULL, (UINT)(p + n));
    memcpy(out, L"#chitieu: ", p * sizeof(wchar_t));
    memcpy(out + p, s, n * sizeof(wchar_t));
    return out;
}

/* Private Function LastError() As String */
static BSTR LastError(void) {
    int32_t needed = 0;
    BSTR buf = nulls(first_size);
    int32_t code = dll_xl_last_error_w((intptr_t)buf, (int32_t)SysStringLen(buf), &needed);
    if (code == XL_BUFFER_TOO_SMALL && needed > (int32_t)SysStringLen(buf)) {
        SysFreeString(buf);
        buf = nulls(needed);
        code = dll_xl_last_error_w((intptr_t)buf, (int32_t)SysStringLen(buf), &needed);
    }
    BSTR out;
    if (code == 0 && needed > 1 && needed <= (int32_t)SysStringLen(buf)) {
        out = prefixed(buf, (UINT)(needed - 1));
    } else {
        out = SysAllocString(L"#chitieu: failed without a message");
    }
    SysFreeString(buf);
    return out;
}

/* Private Function StatusName(code) */
static BSTR StatusName(int32_t code) {
    switch (code) {
        case 1: return SysAllocString(L"met");
        case 0: return SysAllocString(L"not_met");
        case -1: return SysAllocString(L"no_data");
        case -2: return SysAllocString(L"not_applicable");
        default: return LastError();
    }
}

/* CHITIEU_CHECK(target; v; s) once the arguments are read: StatusName(XlCheck(...)) */
static BSTR CHITIEU_CHECK(const wchar_t *target, double v, double s, int32_t hasSecond) {
    BSTR t = SysAllocString(target);
    int32_t code = dll_xl_check_w((intptr_t)t, v, s, hasSecond);
    BSTR out = StatusName(code);
    SysFreeString(t);
    return out;
}

/* Private Function XlMargin: a number (*margin, returns NULL), #N/A (returns L"#N/A") or a message. */
static BSTR XlMargin(const wchar_t *target, double v, double s, int32_t hasSecond, double *margin) {
    BSTR t = SysAllocString(target);
    BSTR out = NULL;
    int32_t code = dll_xl_margin_w((intptr_t)t, v, s, hasSecond, margin);
    if (code == XL_NOT_FOUND) {
        if (dll_xl_check_w((intptr_t)t, v, s, hasSecond) <= XL_ERROR) {
            out = LastError();
        } else {
            out = SysAllocString(L"#N/A");
        }
    } else if (code <= XL_ERROR) {
        out = LastError();
    }
    SysFreeString(t);
    return out;
}

/* Private Function XlExplain */
static BSTR XlExplain(const wchar_t *target, double v, double s, int32_t hasSecond, int32_t lang, int *retried) {
    BSTR t = SysAllocString(target);
    int32_t needed = 0;
    BSTR buf = nulls(first_size);
    int32_t code = dll_xl_explain_w((intptr_t)t, v, s, hasSecond, lang, (intptr_t)buf, (int32_t)SysStringLen(buf), &needed);
    *retried = 0;
    if (code == XL_BUFFER_TOO_SMALL && needed > (int32_t)SysStringLen(buf)) {
        *retried = 1;
        SysFreeString(buf);
        buf = nulls(needed);
        code = dll_xl_explain_w((intptr_t)t, v, s, hasSecond, lang, (intptr_t)buf, (int32_t)SysStringLen(buf), &needed);
    }
    BSTR out;
    if (code <= XL_ERROR) {
        out = LastError();
    } else if (needed < 1 || needed > (int32_t)SysStringLen(buf)) {
        out = SysAllocString(L"#chitieu: no explanation came back");
    } else {
        out = left(buf, needed - 1);
    }
    SysFreeString(buf);
    SysFreeString(t);
    return out;
}

static int starts_with(const wchar_t *s, const wchar_t *prefix) {
    return s != NULL && wcsncmp(s, prefix, wcslen(prefix)) == 0;
}

static void one_cell(void) {
    BSTR r = CHITIEU_CHECK(L"nq314.crime.clearance_rate", 79, 100, 1);
    CHECK(wcscmp(r, L"not_met") == 0, "79/100: %ls", r);
    SysFreeString(r);
    r = CHITIEU_CHECK(L"nq314.crime.clearance_rate", 80, 100, 1);
    CHECK(wcscmp(r, L"met") == 0, "80/100: %ls", r);
    SysFreeString(r);
    r = CHITIEU_CHECK(L"nq314.crime.clearance_rate", 0, 0, 1);
    CHECK(wcscmp(r, L"not_applicable") == 0, "0/0: %ls", r);
    SysFreeString(r);
    r = CHITIEU_CHECK(L"nq314.crime.total_cases_2025", 950, 1000, 1);
    CHECK(wcscmp(r, L"met") == 0, "950 vs 1000: %ls", r);
    SysFreeString(r);

    /* An unknown id: the message, with its "did you mean". */
    r = CHITIEU_CHECK(L"nq314.crime.clearance_rat", 79, 100, 1);
    CHECK(starts_with(r, L"#chitieu: unknown target 'nq314.crime.clearance_rat'; did you mean 'nq314.crime.clearance_rate'?"), "%ls", r);
    SysFreeString(r);
    /* What a data file would refuse, a cell refuses with the reason. */
    r = CHITIEU_CHECK(L"nq314.crime.clearance_rate", 101, 100, 1);
    CHECK(starts_with(r, L"#chitieu: numerator 101: crimes_solved is larger than its whole crimes_recorded = 100"), "%ls", r);
    SysFreeString(r);
    r = CHITIEU_CHECK(L"nq314.crime.clearance_rate", 79.5, 100, 1);
    CHECK(wcsstr(r, L"a whole number (a count)") != NULL, "%ls", r);
    SysFreeString(r);
    r = CHITIEU_CHECK(L"nq314.crime.clearance_rate", 79, 0, 0);
    CHECK(wcsstr(r, L"is a rate: give a numerator and a denominator") != NULL, "%ls", r);
    SysFreeString(r);

    double m = 99;
    BSTR e = XlMargin(L"nq314.crime.clearance_rate", 79, 100, 1, &m);
    CHECK(e == NULL && m == -1, "margin -1: %g", m);
    SysFreeString(e);
    e = XlMargin(L"nq314.crime.clearance_rate", 0, 0, 1, &m);
    CHECK(e != NULL && wcscmp(e, L"#N/A") == 0, "no margin for 0/0: %ls", e ? e : L"(number)");
    SysFreeString(e);
    e = XlMargin(L"nq314.crime.clearance_rat", 79, 100, 1, &m);
    CHECK(starts_with(e, L"#chitieu: unknown target"), "unknown id in a margin: %ls", e ? e : L"(number)");
    SysFreeString(e);

    int retried = 0;
    BSTR x = XlExplain(L"nq314.crime.clearance_rate", 79, 100, 1, 0, &retried);
    /* "Tỷ lệ điều tra, khám phá: 79/100 = 79,00% < 80%" */
    CHECK(starts_with(x, L"T\x1EF7 l\x1EC7 \x0111i\x1EC1u tra, kh\x00E1m ph\x00E1: 79/100 = 79,00% < 80%"), "Vietnamese explanation intact");
    CHECK(wcsstr(x, L"314/2020/NQ-H\x0110ND") != NULL, "cites the resolution");
    CHECK(retried == (first_size < 100), "retried %d with a first buffer of %d", retried, first_size);
    SysFreeString(x);
    x = XlExplain(L"nq314.crime.clearance_rate", 80, 100, 1, 1, &retried);
    CHECK(starts_with(x, L"Crime clearance rate: 80/100 = 80.00%"), "English explanation");
    SysFreeString(x);
    x = XlExplain(L"nq314.crime.clearance_rat", 80, 100, 1, 1, &retried);
    CHECK(starts_with(x, L"#chitieu: unknown target"), "unknown id in an explanation");
    SysFreeString(x);
}

/* Private Function XlRange, for a column of n cells with blanks (present). */
static void ranges(void) {
    BSTR id = SysAllocString(L"nq314.crime.clearance_rate");
    intptr_t h = 0;
    CHECK(dll_xl_target_find_w((intptr_t)id, &h) == 0 && h != 0, "target resolved");
    enum { N = 6 };
    double v[N] = {79, 80, 0, 101, 0, 7};
    double s[N] = {100, 100, 0, 100, 50, 10};
    int32_t present[N] = {3, 3, 3, 3, XL_SECOND, 3};
    int32_t codes[N];
    double margins[N];
    int32_t refused = dll_xl_range(h, (intptr_t)&v[0], (intptr_t)&s[0], (intptr_t)&present[0], N, (intptr_t)&codes[0], 0);
    CHECK(refused == 1, "one refused: %d", refused);
    int32_t want[N] = {0, 1, -2, -101, -1, 0};
    for (int i = 0; i < N; i++) CHECK(codes[i] == want[i], "cell %d: %d", i, codes[i]);
    /* A refused cell's message: the one-cell check of the same numbers. */
    dll_xl_check_w((intptr_t)id, v[3], s[3], 1);
    BSTR why = LastError();
    CHECK(wcsstr(why, L"larger than its whole") != NULL, "%ls", why);
    SysFreeString(why);

    refused = dll_xl_range(h, (intptr_t)&v[0], (intptr_t)&s[0], (intptr_t)&present[0], N, (intptr_t)&codes[0], (intptr_t)&margins[0]);
    CHECK(refused == 1 && margins[0] == -1 && margins[5] == -10, "margins %g %g", margins[0], margins[5]);
    CHECK(margins[2] != margins[2], "NaN where there is no margin");

    /* Explanations: String$(256 * n) first (first_size when testing retries), then needed. */
    int32_t needed = 0;
    int32_t size = first_size < 100 ? first_size : 256 * N;
    BSTR buf = nulls(size);
    refused = dll_xl_explain_range_w(h, (intptr_t)&v[0], (intptr_t)&s[0], (intptr_t)&present[0], N, 0, (intptr_t)&codes[0], (intptr_t)buf, (int32_t)SysStringLen(buf), &needed);
    if (refused == XL_BUFFER_TOO_SMALL && needed > (int32_t)SysStringLen(buf)) {
        SysFreeString(buf);
        buf = nulls(needed);
        refused = dll_xl_explain_range_w(h, (intptr_t)&v[0], (intptr_t)&s[0], (intptr_t)&present[0], N, 0, (intptr_t)&codes[0], (intptr_t)buf, (int32_t)SysStringLen(buf), &needed);
    }
    CHECK(refused == 1, "explained: %d", refused);
    /* SplitTexts: N NUL-terminated texts within needed. */
    const wchar_t *texts[N];
    int32_t start = 0, found = 0;
    for (int i = 0; i < N; i++) {
        const wchar_t *p = buf + start;
        int32_t len = (int32_t)wcslen(p);
        if (start + len >= needed) break;
        texts[i] = p;
        start += len + 1;
        found++;
    }
    CHECK(found == N && start == needed, "%d texts in %d code units", found, needed);
    if (found == N) {
        CHECK(starts_with(texts[0], L"T\x1EF7 l\x1EC7"), "first explanation in Vietnamese");
        CHECK(wcsstr(texts[3], L"crimes_solved") != NULL, "the refused cell's message");
        CHECK(texts[4][0] == 0, "a blank cell has no text");
    }
    SysFreeString(buf);

    /* Whole-call refusals come back as one message. */
    CHECK(dll_xl_range(h, (intptr_t)&v[0], 0, 0, N, (intptr_t)&codes[0], 0) == XL_ERROR - 1, "a rate without seconds");
    why = LastError();
    CHECK(wcsstr(why, L"seconds is NULL") != NULL, "%ls", why);
    SysFreeString(why);
    BSTR bad = SysAllocString(L"nq314.crime.clearance_rat");
    intptr_t none = 1;
    CHECK(dll_xl_target_find_w((intptr_t)bad, &none) == XL_NOT_FOUND && none == 0, "unknown id for a range");
    why = LastError();
    CHECK(wcsstr(why, L"did you mean") != NULL, "%ls", why);
    SysFreeString(why);
    SysFreeString(bad);
    SysFreeString(id);
}

/* GetProcAddress, as the generic function pointer C allows casting to any other. */
typedef void (*any_function)(void);
static any_function must(HMODULE h, const char *name) {
    FARPROC f = GetProcAddress(h, name);
    CHECK(f != NULL, "chitieu.dll exports %s", name);
    return (any_function)(void *)f;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s <full path of chitieu.dll>\n", argv[0]);
        return 2;
    }
    /* EnsureLoaded: a path that does not exist gives error 126 (module not found). */
    HMODULE missing = LoadLibraryW(L"C:\\no such folder\\chitieu.dll");
    DWORD err = GetLastError();
    CHECK(missing == NULL && (err == 126 || err == 2 || err == 3), "a missing DLL: error %lu", (unsigned long)err);

    wchar_t path[MAX_PATH];
    MultiByteToWideChar(CP_UTF8, 0, argv[1], -1, path, MAX_PATH);
    HMODULE h = LoadLibraryW(path);
    CHECK(h != NULL, "LoadLibraryW(%s): error %lu", argv[1], (unsigned long)GetLastError());
    if (h == NULL) return 1;
    /* The Declare's Lib "chitieu.dll" finds the module already loaded. */
    CHECK(GetModuleHandleW(L"chitieu.dll") == h, "Lib \"chitieu.dll\" resolves to the loaded module");

    dll_xl_check_w = (check_w_t)must(h, "chitieu_xl_check_w");
    dll_xl_margin_w = (margin_w_t)must(h, "chitieu_xl_margin_w");
    dll_xl_explain_w = (explain_w_t)must(h, "chitieu_xl_explain_w");
    dll_xl_last_error_w = (last_error_w_t)must(h, "chitieu_xl_last_error_w");
    dll_xl_target_find_w = (target_find_w_t)must(h, "chitieu_xl_target_find_w");
    dll_xl_range = (range_t)must(h, "chitieu_xl_range");
    dll_xl_explain_range_w = (explain_range_w_t)must(h, "chitieu_xl_explain_range_w");
    if (tests_failed) return 1;

    int sizes[] = {512, 8, 1};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        first_size = sizes[i];
        one_cell();
        ranges();
    }
    return finish();
}

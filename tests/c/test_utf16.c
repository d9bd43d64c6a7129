/* The spreadsheet functions: verdicts of RULES.md section 8 one cell at a
 * time, and the UTF-16 text of a Vietnamese explanation compared code unit
 * by code unit, with the two-call pattern. */
#include "check.h"

/* "Tỷ lệ điều tra, khám phá: 79/100 = 79,00% < 80%" in UTF-16 (NFC). */
static const uint16_t EXPECTED_VI[] = {
    0x0054, 0x1EF7, 0x0020, 0x006C, 0x1EC7, 0x0020, 0x0111, 0x0069, 0x1EC1, 0x0075, 0x0020, 0x0074,
    0x0072, 0x0061, 0x002C, 0x0020, 0x006B, 0x0068, 0x00E1, 0x006D, 0x0020, 0x0070, 0x0068, 0x00E1,
    0x003A, 0x0020, 0x0037, 0x0039, 0x002F, 0x0031, 0x0030, 0x0030, 0x0020, 0x003D, 0x0020, 0x0037,
    0x0039, 0x002C, 0x0030, 0x0030, 0x0025, 0x0020, 0x003C, 0x0020, 0x0038, 0x0030, 0x0025,
};
#define EXPECTED_LEN ((int32_t)(sizeof EXPECTED_VI / sizeof EXPECTED_VI[0]))

/* An ASCII id as UTF-16, as VBA's StrPtr passes it. */
static void widen(const char *s, uint16_t *out) {
    while ((*out++ = (uint16_t)(unsigned char)*s++) != 0) {
    }
}

static void explanation(void) {
    uint16_t target[64];
    widen("nq314.crime.clearance_rate", target);
    int32_t needed = 0;
    int32_t code = chitieu_xl_explain_w(target, 79, 100, 1, CHITIEU_LANG_VI, NULL, 0, &needed);
    CHECK(code == CHITIEU_XL_ERROR - CHITIEU_BUFFER_TOO_SMALL, "size query gives %d", code);
    CHECK(needed > EXPECTED_LEN, "needed %d", needed);

    uint16_t *buf = malloc(sizeof(uint16_t) * (size_t)(needed + 4));
    for (int32_t i = 0; i < needed + 4; i++) buf[i] = 0xAAAA;
    code = chitieu_xl_explain_w(target, 79, 100, 1, CHITIEU_LANG_VI, buf, needed - 1, &needed);
    CHECK(code == CHITIEU_XL_ERROR - CHITIEU_BUFFER_TOO_SMALL, "one unit short gives %d", code);
    CHECK(buf[0] == 0 && buf[1] == 0xAAAA, "only a NUL written");

    code = chitieu_xl_explain_w(target, 79, 100, 1, CHITIEU_LANG_VI, buf, needed, &needed);
    CHECK(code == CHITIEU_OUTCOME_NOT_MET, "79 of 100 is not met: %d", code);
    for (int32_t i = 0; i < EXPECTED_LEN; i++) {
        CHECK(buf[i] == EXPECTED_VI[i], "code unit %d is U+%04X, expected U+%04X", i, buf[i], EXPECTED_VI[i]);
    }
    CHECK(buf[needed - 1] == 0 && buf[needed] == 0xAAAA, "NUL-terminated at needed - 1");
    int nonzero = 1;
    for (int32_t i = 0; i < needed - 1; i++) nonzero &= buf[i] != 0;
    CHECK(nonzero, "no NUL inside the text");
    free(buf);

    char en[512];
    int32_t n = 0;
    code = chitieu_xl_explain("nq314.crime.clearance_rate", 80, 100, 1, CHITIEU_LANG_EN, en, (int32_t)sizeof en, &n);
    CHECK(code == CHITIEU_OUTCOME_MET && (int32_t)strlen(en) + 1 == n, "English explanation: %d %s", code, en);
    CHECK(strstr(en, "80") != NULL && strstr(en, "314/2020/NQ-H") != NULL, "cites the resolution: %s", en);
    CHECK(chitieu_xl_explain_w(target, 79, 100, 1, 5, NULL, 0, &n) == CHITIEU_XL_ERROR - CHITIEU_INVALID_ARGUMENT, "unknown language");
    CHECK(chitieu_xl_explain_w(target, 79, 100, 1, CHITIEU_LANG_VI, NULL, -1, &n) == CHITIEU_XL_ERROR - CHITIEU_INVALID_ARGUMENT, "negative capacity");
}

static void verdicts(void) {
    struct {
        const char *target;
        double value, second;
        int32_t has_second, code;
        double margin;
    } cases[] = {
        {"nq314.crime.clearance_rate", 80, 100, 1, CHITIEU_OUTCOME_MET, 0},
        {"nq314.crime.clearance_rate", 79, 100, 1, CHITIEU_OUTCOME_NOT_MET, -1},
        {"nq314.crime.reports_resolved", 91, 100, 1, CHITIEU_OUTCOME_NOT_MET, 0},
        {"nq314.crime.reports_resolved", 92, 100, 1, CHITIEU_OUTCOME_MET, 1},
        {"nq314.crime.recidivism", 13, 100, 1, CHITIEU_OUTCOME_NOT_MET, 0},
        {"nq314.crime.recidivism", 12, 100, 1, CHITIEU_OUTCOME_MET, 1},
        {"nq314.crime.total_cases_2025", 950, 1000, 1, CHITIEU_OUTCOME_MET, 0},
        {"nq314.crime.total_cases_2025", 951, 1000, 1, CHITIEU_OUTCOME_NOT_MET, -0.1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int32_t code = chitieu_xl_check(cases[i].target, cases[i].value, cases[i].second, cases[i].has_second);
        CHECK(code == cases[i].code, "%s %g/%g: %d, expected %d", cases[i].target, cases[i].value, cases[i].second, code, cases[i].code);
        uint16_t w[64];
        widen(cases[i].target, w);
        CHECK(chitieu_xl_check_w(w, cases[i].value, cases[i].second, cases[i].has_second) == cases[i].code, "UTF-16 id %s", cases[i].target);
        double m = 12345;
        code = chitieu_xl_margin_w(w, cases[i].value, cases[i].second, cases[i].has_second, &m);
        CHECK(code == cases[i].code && m > cases[i].margin - 1e-9 && m < cases[i].margin + 1e-9, "%s margin %g, expected %g", cases[i].target, m, cases[i].margin);
    }
    double m = 1;
    CHECK(chitieu_xl_check("nq314.crime.clearance_rate", 0, 0, 1) == CHITIEU_OUTCOME_NOT_APPLICABLE, "0 of 0 is not applicable");
    CHECK(chitieu_xl_margin("nq314.crime.clearance_rate", 0, 0, 1, &m) == CHITIEU_XL_ERROR - CHITIEU_NOT_FOUND && m == 0, "no margin when not applicable");
    /* A double is read as its shortest decimal text (0.8 is exactly 4/5), and
     * validated as a data file's value: crimes solved are a count, a whole
     * number, so 0.8 of 1 is refused with the reason. */
    CHECK(chitieu_xl_check("nq314.crime.clearance_rate", 0.8, 1, 1) == CHITIEU_XL_ERROR - CHITIEU_INVALID_ARGUMENT, "0.8 of 1 is refused");
}

int main(void) {
    explanation();
    verdicts();
    return finish();
}

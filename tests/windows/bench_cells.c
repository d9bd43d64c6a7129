/* A benchmark, not a test (it asserts no time): what 100,000 spreadsheet
 * cells cost inside chitieu.dll, checked one call per cell (as
 * =CHITIEU_CHECK in every cell: chitieu_xl_check_w with the id as UTF-16, the
 * way Chitieu.bas calls it, and chitieu_xl_target_check on a resolved
 * target) and in one range call (=CHITIEU_CHECK_RANGE: chitieu_xl_range).
 * Prints nanoseconds per cell, the best of several rounds. Run on Windows
 * (under Wine by scripts/test-windows.sh) or Linux.
 *
 * usage: bench_cells [cells] */
#ifndef _WIN32
#define _POSIX_C_SOURCE 199309L
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "chitieu.h"

#ifdef _WIN32
#include <windows.h>
static double now(void) {
    LARGE_INTEGER c, f;
    QueryPerformanceCounter(&c);
    QueryPerformanceFrequency(&f);
    return (double)c.QuadPart / (double)f.QuadPart;
}
#else
#include <time.h>
static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}
#endif

#define ROUNDS 7

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 100000;
    if (n <= 0) return 2;
    double *solved = malloc(sizeof(double) * (size_t)n);
    double *recorded = malloc(sizeof(double) * (size_t)n);
    int32_t *present = malloc(sizeof(int32_t) * (size_t)n);
    int32_t *codes = malloc(sizeof(int32_t) * (size_t)n);
    double *margins = malloc(sizeof(double) * (size_t)n);
    if (!solved || !recorded || !present || !codes || !margins) return 2;
    for (int i = 0; i < n; i++) {
        recorded[i] = 50 + (i * 7919) % 400;
        solved[i] = (double)(int)(recorded[i] * 0.8) + (i % 5) - 2;
        present[i] = i % 50 == 0 ? 0 : CHITIEU_XL_VALUE | CHITIEU_XL_SECOND;
    }
    static const uint16_t id_w[] = {'n', 'q', '3', '1', '4', '.', 'c', 'r', 'i', 'm', 'e', '.', 'c', 'l', 'e', 'a', 'r',
                                    'a', 'n', 'c', 'e', '_', 'r', 'a', 't', 'e', 0};
    const chitieu_xl_target *t = NULL;
    if (chitieu_xl_target_find("nq314.crime.clearance_rate", &t) != 0) return 1;

    double best[4] = {1e9, 1e9, 1e9, 1e9};
    long met = 0;
    for (int round = 0; round < ROUNDS; round++) {
        double t0 = now();
        for (int i = 0; i < n; i++) codes[i] = present[i] ? chitieu_xl_check_w(id_w, solved[i], recorded[i], 1) : CHITIEU_OUTCOME_NO_DATA;
        double t1 = now();
        for (int i = 0; i < n; i++) codes[i] = present[i] ? chitieu_xl_target_check(t, solved[i], recorded[i], 1) : CHITIEU_OUTCOME_NO_DATA;
        double t2 = now();
        if (chitieu_xl_range(t, solved, recorded, present, n, codes, NULL) != 0) return 1;
        double t3 = now();
        if (chitieu_xl_range(t, solved, recorded, present, n, codes, margins) != 0) return 1;
        double t4 = now();
        double d[4] = {t1 - t0, t2 - t1, t3 - t2, t4 - t3};
        for (int k = 0; k < 4; k++)
            if (d[k] < best[k]) best[k] = d[k];
    }
    for (int i = 0; i < n; i++) met += codes[i] == CHITIEU_OUTCOME_MET;
    const char *what[4] = {"one call per cell, chitieu_xl_check_w (id as UTF-16, as Chitieu.bas)", "one call per cell, chitieu_xl_target_check",
                           "one range call, chitieu_xl_range (verdicts)", "one range call, chitieu_xl_range (verdicts and margins)"};
    printf("%d cells (%ld met), best of %d rounds:\n", n, met, ROUNDS);
    for (int k = 0; k < 4; k++) printf("  %-72s %8.1f ms  %7.1f ns/cell\n", what[k], best[k] * 1e3, best[k] * 1e9 / n);
    free(solved);
    free(recorded);
    free(present);
    free(codes);
    free(margins);
    return 0;
}

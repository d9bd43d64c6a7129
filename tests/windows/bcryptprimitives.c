/* TEST SETUP ONLY, never shipped: Debian's Wine 8 has no bcryptprimitives.dll,
 * whose ProcessPrng Rust's standard library calls for random numbers on
 * Windows 10 and later (every real Windows 10/11 has it). This stand-in,
 * copied next to the test programs by scripts/test-windows.sh, draws the
 * bytes from RtlGenRandom (advapi32's SystemFunction036), which Wine has. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}

Attribute VB_Name = "Chitieu"
' Chitieu.bas: worksheet functions that check figures against the targets of
' Quang Ninh's crime- and drug-prevention documents, decided exactly inside
' chitieu.dll (64-bit Office on Windows 10 or later; see README.md).
'
' One cell at a time:
'   =CHITIEU_CHECK("nq314.crime.clearance_rate"; B2; C2)     -> "met", "not_met", ...
'   =CHITIEU_EXPLAIN("nq314.crime.clearance_rate"; B2; C2)   -> the explanation (Vietnamese)
'   =CHITIEU_EXPLAIN("nq314.crime.clearance_rate"; B2; C2; "en")
'   =CHITIEU_MARGIN("nq314.crime.clearance_rate"; B2; C2)    -> -1 (percentage points; display only)
'   =CHITIEU_CODE("nq314.crime.clearance_rate"; B2; C2)      -> 1 met, 0 not met, -1 no data, -2 not applicable
' A whole column in one call (far faster: Excel's cost per function call is
' paid once), an array the size of the range (it spills in Excel 365; select
' the cells and press Ctrl+Shift+Enter in older Excel):
'   =CHITIEU_CHECK_RANGE("nq314.crime.clearance_rate"; B2:B1000; C2:C1000)
'   =CHITIEU_MARGIN_RANGE(...), =CHITIEU_EXPLAIN_RANGE(...; [lang])
'
' For a rate, the second argument is the denominator; for a value compared
' with a baseline (cases in 2025 vs 2020), it is the baseline; otherwise leave
' it out. A blank cell is missing, never zero: the answer is #N/A. A cell that
' holds an error (#DIV/0!, #N/A...) passes its error through. Numbers are read
' from the cell's value, never from its text: a text cell, TRUE/FALSE or a
' date is refused with a message. The figures are validated as a data file's
' would be (a count is a whole number >= 0, solved <= recorded).
Option Explicit

' Where chitieu.dll is. Empty: in the folder of this workbook. Or a full
' path, e.g. "C:\Program Files\chitieu\chitieu.dll". The environment variable
' CHITIEU_DLL, when set, comes first.
Private Const DLL_PATH As String = ""

#If VBA7 And Win64 Then
' ---- Windows: load chitieu.dll from a full path (not the current directory).
Private Declare PtrSafe Function LoadLibraryW Lib "kernel32" (ByVal fileName As LongPtr) As LongPtr
' ---- chitieu.dll (include/chitieu.h). Text goes in and out as UTF-16
' ---- (StrPtr) so that Vietnamese diacritics survive.
Private Declare PtrSafe Function chitieu_xl_check_w Lib "chitieu.dll" ( _
    ByVal target As LongPtr, ByVal value As Double, ByVal second As Double, ByVal hasSecond As Long) As Long
Private Declare PtrSafe Function chitieu_xl_margin_w Lib "chitieu.dll" ( _
    ByVal target As LongPtr, ByVal value As Double, ByVal second As Double, ByVal hasSecond As Long, _
    ByRef margin As Double) As Long
Private Declare PtrSafe Function chitieu_xl_explain_w Lib "chitieu.dll" ( _
    ByVal target As LongPtr, ByVal value As Double, ByVal second As Double, ByVal hasSecond As Long, _
    ByVal lang As Long, ByVal buf As LongPtr, ByVal capacity As Long, ByRef needed As Long) As Long
Private Declare PtrSafe Function chitieu_xl_last_error_w Lib "chitieu.dll" ( _
    ByVal buf As LongPtr, ByVal capacity As Long, ByRef needed As Long) As Long
Private Declare PtrSafe Function chitieu_xl_target_find_w Lib "chitieu.dll" ( _
    ByVal id As LongPtr, ByRef target As LongPtr) As Long
Private Declare PtrSafe Function chitieu_xl_range Lib "chitieu.dll" ( _
    ByVal target As LongPtr, ByVal values As LongPtr, ByVal seconds As LongPtr, ByVal present As LongPtr, _
    ByVal count As Long, ByVal codes As LongPtr, ByVal margins As LongPtr) As Long
Private Declare PtrSafe Function chitieu_xl_explain_range_w Lib "chitieu.dll" ( _
    ByVal target As LongPtr, ByVal values As LongPtr, ByVal seconds As LongPtr, ByVal present As LongPtr, _
    ByVal count As Long, ByVal lang As Long, ByVal codes As LongPtr, ByVal buf As LongPtr, _
    ByVal capacity As Long, ByRef needed As Long) As Long
#End If

' Codes of the chitieu_xl_* functions (include/chitieu.h).
Private Const CODE_MET As Long = 1
Private Const CODE_NOT_MET As Long = 0
Private Const CODE_NO_DATA As Long = -1
Private Const CODE_NOT_APPLICABLE As Long = -2
Private Const XL_ERROR As Long = -100                ' a code <= -100 is a failure
Private Const XL_BUFFER_TOO_SMALL As Long = -107     ' CHITIEU_XL_ERROR - CHITIEU_BUFFER_TOO_SMALL
Private Const XL_NOT_FOUND As Long = -108            ' CHITIEU_XL_ERROR - CHITIEU_NOT_FOUND
Private Const XL_VALUE As Long = 1                   ' CHITIEU_XL_VALUE: the cell's value is there
Private Const XL_SECOND As Long = 2                  ' CHITIEU_XL_SECOND: its second number is there
Private Const LANG_VI As Long = 0
Private Const LANG_EN As Long = 1
Private Const ERR_NA As Long = 2042                  ' #N/A (xlErrNA)
Private Const ERR_CHITIEU As Long = 513              ' vbObjectError + 513: our own run-time errors
Private Const WANT_VERDICT As Long = 0
Private Const WANT_MARGIN As Long = 1
Private Const WANT_EXPLANATION As Long = 2

' The full path chitieu.dll was loaded from; empty until the first call.
Private loadedFrom As String

' For NaN, which VBA cannot compare safely: a Double seen as two Longs.
Private Type DoubleBits
    value As Double
End Type
Private Type LongPair
    low As Long
    high As Long
End Type

' Loads chitieu.dll once, by its full path, so that the Declare statements
' find it whatever Excel's current directory is (network shares, OneDrive).
' Raises a run-time error with a message that says what to do.
Private Sub EnsureLoaded()
#If VBA7 And Win64 Then
    If Len(loadedFrom) > 0 Then Exit Sub
    Dim dllPath As String, folder As String, h As LongPtr, code As Long
    dllPath = Environ$("CHITIEU_DLL")
    If Len(dllPath) = 0 Then dllPath = DLL_PATH
    If Len(dllPath) = 0 Then
        folder = ThisWorkbook.Path
        If Len(folder) = 0 Then
            Err.Raise vbObjectError + ERR_CHITIEU, "chitieu", "save the workbook first: chitieu.dll is looked for in the workbook's folder"
        End If
        If LCase$(Left$(folder, 4)) = "http" Then
            Err.Raise vbObjectError + ERR_CHITIEU, "chitieu", "the workbook is opened from a web address (" & folder & _
                ", OneDrive or SharePoint): set DLL_PATH in the module, or the environment variable CHITIEU_DLL, to the full path of chitieu.dll on this computer"
        End If
        dllPath = folder & "\chitieu.dll"
    End If
    h = LoadLibraryW(StrPtr(dllPath))
    If h = 0 Then
        code = Err.LastDllError
        Select Case code
            Case 193
                Err.Raise vbObjectError + ERR_CHITIEU, "chitieu", dllPath & " is not a 64-bit Windows DLL (Windows error 193): this Office is 64-bit and needs the 64-bit chitieu.dll"
            Case 2, 3, 126
                If Len(Dir$(dllPath)) = 0 Then
                    Err.Raise vbObjectError + ERR_CHITIEU, "chitieu", "chitieu.dll not found: " & dllPath & _
                        " (put chitieu.dll in the workbook's folder, or set DLL_PATH or the environment variable CHITIEU_DLL to its full path)"
                End If
                Err.Raise vbObjectError + ERR_CHITIEU, "chitieu", dllPath & " cannot be loaded: a DLL it needs is missing (Windows error 126); chitieu.dll needs Windows 10 or later"
            Case Else
                Err.Raise vbObjectError + ERR_CHITIEU, "chitieu", dllPath & " cannot be loaded (Windows error " & code & ")"
        End Select
    End If
    loadedFrom = dllPath
#Else
    Err.Raise vbObjectError + ERR_CHITIEU, "chitieu", "64-bit Office needed: chitieu.dll is a 64-bit Windows DLL, and this Office is 32-bit (or not on Windows)"
#End If
End Sub

' The text of the error being handled, for a cell.
Private Function Failure() As String
    Failure = "#chitieu: " & Err.Description
End Function

' One argument: True with the number; False with `why`, what the cell shows
' instead: #N/A for a blank, the cell's own error, or a refusal.
Private Function ReadNumber(ByVal x As Variant, ByVal role As String, ByRef number As Double, ByRef why As Variant) As Boolean
    If IsObject(x) Then
        If x.Cells.CountLarge <> 1 Then
            why = "#chitieu: the " & role & " is a range of " & x.Cells.CountLarge & " cells: give one cell (or use the _RANGE functions)"
            Exit Function
        End If
        x = x.Value2
    End If
    Select Case VarType(x)
        Case vbEmpty, vbNull
            why = CVErr(ERR_NA)
        Case vbError
            why = x
        Case vbDouble, vbSingle, vbInteger, vbLong, vbCurrency, vbDecimal, vbByte, 20 ' 20: vbLongLong
            number = CDbl(x)
            ReadNumber = True
        Case vbBoolean
            why = "#chitieu: the " & role & " is " & IIf(x, "TRUE", "FALSE") & ", not a number: write 1 or 0"
        Case vbString
            If Len(Trim$(x)) = 0 Then
                why = CVErr(ERR_NA)
            Else
                why = "#chitieu: the " & role & " is the text '" & Left$(x, 40) & "', not a number: enter it as a number (a text is never read through regional settings)"
            End If
        Case vbDate
            why = "#chitieu: the " & role & " is a date, not a number"
        Case Else
            why = "#chitieu: the " & role & " is not a number"
    End Select
End Function

' Reads value and the optional second argument; False with `why` when one
' is blank, an error or refused.
Private Function ReadArgs(ByVal value As Variant, ByVal second As Variant, _
        ByRef v As Double, ByRef s As Double, ByRef hasSecond As Long, ByRef why As Variant) As Boolean
    If Not ReadNumber(value, "value", v, why) Then Exit Function
    hasSecond = 0
    s = 0
    If Not IsMissing(second) Then
        If Not ReadNumber(second, "second number", s, why) Then Exit Function
        hasSecond = 1
    End If
    ReadArgs = True
End Function

#If VBA7 And Win64 Then
' The message of the last failure, as text; safe whatever the DLL answers.
Private Function LastError() As String
    Dim buf As String, needed As Long, code As Long
    buf = String$(512, vbNullChar)
    code = chitieu_xl_last_error_w(StrPtr(buf), Len(buf), needed)
    If code = XL_BUFFER_TOO_SMALL And needed > Len(buf) Then
        buf = String$(needed, vbNullChar)
        code = chitieu_xl_last_error_w(StrPtr(buf), Len(buf), needed)
    End If
    If code = 0 And needed > 1 And needed <= Len(buf) Then
        LastError = "#chitieu: " & Left$(buf, needed - 1)
    Else
        LastError = "#chitieu: failed without a message (code " & code & ")"
    End If
End Function

Private Function XlCheck(ByVal target As String, ByVal v As Double, ByVal s As Double, ByVal hasSecond As Long) As Long
    EnsureLoaded
    XlCheck = chitieu_xl_check_w(StrPtr(target), v, s, hasSecond)
End Function

Private Function XlMargin(ByVal target As String, ByVal v As Double, ByVal s As Double, ByVal hasSecond As Long) As Variant
    Dim margin As Double, code As Long
    EnsureLoaded
    code = chitieu_xl_margin_w(StrPtr(target), v, s, hasSecond, margin)
    If code = XL_NOT_FOUND Then
        ' No margin (no data, not applicable), or an unknown target id: the
        ' check tells them apart, and a typing mistake shows its message.
        If chitieu_xl_check_w(StrPtr(target), v, s, hasSecond) <= XL_ERROR Then
            XlMargin = LastError()
        Else
            XlMargin = CVErr(ERR_NA)
        End If
    ElseIf code <= XL_ERROR Then
        XlMargin = LastError()
    Else
        XlMargin = margin
    End If
End Function

Private Function XlExplain(ByVal target As String, ByVal v As Double, ByVal s As Double, ByVal hasSecond As Long, ByVal lang As String) As Variant
    Dim code As Long, needed As Long, buf As String
    EnsureLoaded
    buf = String$(512, vbNullChar)
    code = chitieu_xl_explain_w(StrPtr(target), v, s, hasSecond, LangCode(lang), StrPtr(buf), Len(buf), needed)
    If code = XL_BUFFER_TOO_SMALL And needed > Len(buf) Then
        buf = String$(needed, vbNullChar)
        code = chitieu_xl_explain_w(StrPtr(target), v, s, hasSecond, LangCode(lang), StrPtr(buf), Len(buf), needed)
    End If
    If code <= XL_ERROR Then
        XlExplain = LastError()
    ElseIf needed < 1 Or needed > Len(buf) Then
        XlExplain = "#chitieu: no explanation came back"
    Else
        XlExplain = Left$(buf, needed - 1)
    End If
End Function

' The answers for a whole range: what (WANT_*) for every cell of `values`
' (and `seconds`, of the same shape), one call to chitieu.dll for them all.
Private Function XlRange(ByVal target As String, ByVal values As Variant, ByVal seconds As Variant, _
        ByVal what As Long, ByVal lang As String) As Variant
    Dim vals As Variant, secs As Variant, rows As Long, cols As Long, n As Long
    Dim r As Long, c As Long, i As Long, hasSeconds As Boolean, why As Variant
    vals = CellValues(values, rows, cols)
    hasSeconds = Not IsMissing(seconds)
    If hasSeconds Then
        Dim rows2 As Long, cols2 As Long
        secs = CellValues(seconds, rows2, cols2)
        If rows2 <> rows Or cols2 <> cols Then
            Err.Raise vbObjectError + ERR_CHITIEU, "chitieu", "the two ranges differ in shape (" & rows & "x" & cols & " and " & rows2 & "x" & cols2 & ")"
        End If
    End If
    n = rows * cols
    Dim v() As Double, s() As Double, present() As Long, codes() As Long, margins() As Double, shown() As Variant
    ReDim v(1 To n): ReDim s(1 To n): ReDim present(1 To n): ReDim codes(1 To n): ReDim margins(1 To n)
    ReDim shown(1 To n) ' what a cell shows without asking the DLL (its own error, a refusal)
    For r = 1 To rows
        For c = 1 To cols
            i = (r - 1) * cols + c
            If ReadNumber(vals(r, c), "value", v(i), why) Then
                present(i) = XL_VALUE
            ElseIf Not IsNA(why) Then
                shown(i) = why
            End If
            If hasSeconds Then
                If ReadNumber(secs(r, c), "second number", s(i), why) Then
                    present(i) = present(i) Or XL_SECOND
                ElseIf IsEmpty(shown(i)) And Not IsNA(why) Then
                    shown(i) = why
                End If
            End If
        Next c
    Next r

    EnsureLoaded
    Dim h As LongPtr, sPtr As LongPtr, refused As Long, texts() As String
    If chitieu_xl_target_find_w(StrPtr(target), h) <> 0 Then
        XlRange = LastError()
        Exit Function
    End If
    If hasSeconds Then sPtr = VarPtr(s(1))
    If what = WANT_EXPLANATION Then
        Dim buf As String, needed As Long
        buf = String$(IIf(n > 16384, 4194304, 256 * n), vbNullChar) ' most explanations are shorter
        refused = chitieu_xl_explain_range_w(h, VarPtr(v(1)), sPtr, VarPtr(present(1)), n, LangCode(lang), VarPtr(codes(1)), StrPtr(buf), Len(buf), needed)
        If refused = XL_BUFFER_TOO_SMALL And needed > Len(buf) Then
            buf = String$(needed, vbNullChar)
            refused = chitieu_xl_explain_range_w(h, VarPtr(v(1)), sPtr, VarPtr(present(1)), n, LangCode(lang), VarPtr(codes(1)), StrPtr(buf), Len(buf), needed)
        End If
        If refused <= XL_ERROR Then
            XlRange = LastError()
            Exit Function
        End If
        texts = SplitTexts(buf, needed, n)
    ElseIf what = WANT_MARGIN Then
        refused = chitieu_xl_range(h, VarPtr(v(1)), sPtr, VarPtr(present(1)), n, VarPtr(codes(1)), VarPtr(margins(1)))
    Else
        refused = chitieu_xl_range(h, VarPtr(v(1)), sPtr, VarPtr(present(1)), n, VarPtr(codes(1)), 0)
    End If
    If refused <= XL_ERROR Then
        XlRange = LastError()
        Exit Function
    End If

    Dim out() As Variant
    ReDim out(1 To rows, 1 To cols)
    For r = 1 To rows
        For c = 1 To cols
            i = (r - 1) * cols + c
            If Not IsEmpty(shown(i)) Then
                out(r, c) = shown(i)
            ElseIf codes(i) = CODE_NO_DATA Then
                out(r, c) = CVErr(ERR_NA)
            ElseIf what = WANT_EXPLANATION Then
                If codes(i) <= XL_ERROR Then out(r, c) = "#chitieu: " & texts(i) Else out(r, c) = texts(i)
            ElseIf codes(i) <= XL_ERROR Then
                ' A refused cell (say 101 solved of 100): its message, from
                ' the one-cell check of the same numbers.
                Call chitieu_xl_check_w(StrPtr(target), v(i), s(i), IIf(hasSeconds, 1, 0))
                out(r, c) = LastError()
            ElseIf what = WANT_MARGIN Then
                If IsNaN(margins(i)) Then out(r, c) = CVErr(ERR_NA) Else out(r, c) = margins(i)
            Else
                out(r, c) = StatusName(codes(i))
            End If
        Next c
    Next r
    XlRange = out
End Function

' The n NUL-terminated texts of an explain-range buffer, 1-based.
Private Function SplitTexts(ByVal buf As String, ByVal needed As Long, ByVal n As Long) As String()
    Dim texts() As String, i As Long, start As Long, stop_ As Long
    ReDim texts(1 To n)
    start = 1
    For i = 1 To n
        stop_ = InStr(start, buf, vbNullChar)
        If stop_ = 0 Or stop_ > needed Then Exit For
        texts(i) = Mid$(buf, start, stop_ - start)
        start = stop_ + 1
    Next i
    SplitTexts = texts
End Function
#Else
Private Function XlCheck(ByVal target As String, ByVal v As Double, ByVal s As Double, ByVal hasSecond As Long) As Long
    EnsureLoaded
End Function
Private Function XlMargin(ByVal target As String, ByVal v As Double, ByVal s As Double, ByVal hasSecond As Long) As Variant
    EnsureLoaded
End Function
Private Function XlExplain(ByVal target As String, ByVal v As Double, ByVal s As Double, ByVal hasSecond As Long, ByVal lang As String) As Variant
    EnsureLoaded
End Function
Private Function XlRange(ByVal target As String, ByVal values As Variant, ByVal seconds As Variant, _
        ByVal what As Long, ByVal lang As String) As Variant
    EnsureLoaded
End Function
Private Function LastError() As String
    EnsureLoaded
End Function
#End If

' The cells of a range (or one value) as a 1-based 2-D array of values.
Private Function CellValues(ByVal x As Variant, ByRef rows As Long, ByRef cols As Long) As Variant
    Dim a As Variant, one(1 To 1, 1 To 1) As Variant
    If IsObject(x) Then
        If x.Areas.Count > 1 Then Err.Raise vbObjectError + ERR_CHITIEU, "chitieu", "give one block of cells, not several areas"
        a = x.Value2
    Else
        a = x
    End If
    If IsArray(a) Then
        rows = UBound(a, 1) - LBound(a, 1) + 1
        On Error Resume Next
        cols = UBound(a, 2) - LBound(a, 2) + 1
        If Err.Number <> 0 Then
            ' A one-dimensional array (an array constant {1,2,3}): one row.
            Err.Clear
            On Error GoTo 0
            Dim b() As Variant, j As Long
            cols = rows
            rows = 1
            ReDim b(1 To 1, 1 To cols)
            For j = 1 To cols
                b(1, j) = a(LBound(a) + j - 1)
            Next j
            CellValues = b
            Exit Function
        End If
        On Error GoTo 0
        If LBound(a, 1) = 1 And LBound(a, 2) = 1 Then
            CellValues = a
            Exit Function
        End If
        Dim c2() As Variant, r As Long, c As Long
        ReDim c2(1 To rows, 1 To cols)
        For r = 1 To rows
            For c = 1 To cols
                c2(r, c) = a(LBound(a, 1) + r - 1, LBound(a, 2) + c - 1)
            Next c
        Next r
        CellValues = c2
    Else
        rows = 1
        cols = 1
        one(1, 1) = a
        CellValues = one
    End If
End Function

' #N/A, the answer for a blank (a cell holding #N/A gives #N/A too).
Private Function IsNA(ByVal x As Variant) As Boolean
    If IsError(x) Then IsNA = (x = CVErr(ERR_NA))
End Function

' NaN (a margin the DLL does not have), tested on the bits: VBA cannot
' compare a NaN safely.
Private Function IsNaN(ByVal x As Double) As Boolean
    Dim d As DoubleBits, l As LongPair
    d.value = x
    LSet l = d
    IsNaN = ((l.high And &H7FF00000) = &H7FF00000) And (((l.high And &HFFFFF) <> 0) Or (l.low <> 0))
End Function

Private Function StatusName(ByVal code As Long) As Variant
    Select Case code
        Case CODE_MET: StatusName = "met"
        Case CODE_NOT_MET: StatusName = "not_met"
        Case CODE_NO_DATA: StatusName = "no_data"
        Case CODE_NOT_APPLICABLE: StatusName = "not_applicable"
        Case Else: StatusName = LastError()
    End Select
End Function

Private Function LangCode(ByVal lang As String) As Long
    If LCase$(lang) = "en" Then LangCode = LANG_EN Else LangCode = LANG_VI
End Function

' =CHITIEU_CHECK(target; value; [denominator or baseline]): "met", "not_met",
' "no_data", "not_applicable", or "#chitieu: <why>".
Public Function CHITIEU_CHECK(ByVal target As String, ByVal value As Variant, Optional ByVal second As Variant) As Variant
    On Error GoTo Failed
    Dim v As Double, s As Double, hasSecond As Long, why As Variant
    If Not ReadArgs(value, second, v, s, hasSecond, why) Then
        CHITIEU_CHECK = why
        Exit Function
    End If
    CHITIEU_CHECK = StatusName(XlCheck(target, v, s, hasSecond))
    Exit Function
Failed:
    CHITIEU_CHECK = Failure()
End Function

' =CHITIEU_CODE(target; value; [second]): 1 met, 0 not met, -1 no data,
' -2 not applicable, <= -100 failure (for conditional formatting).
Public Function CHITIEU_CODE(ByVal target As String, ByVal value As Variant, Optional ByVal second As Variant) As Variant
    On Error GoTo Failed
    Dim v As Double, s As Double, hasSecond As Long, why As Variant
    If Not ReadArgs(value, second, v, s, hasSecond, why) Then
        CHITIEU_CODE = why
        Exit Function
    End If
    CHITIEU_CODE = XlCheck(target, v, s, hasSecond)
    Exit Function
Failed:
    CHITIEU_CODE = Failure()
End Function

' =CHITIEU_MARGIN(target; value; [second]): above (+) or below (-) the
' requirement, in percentage points for rates. Display only: the verdict is
' CHITIEU_CHECK, decided exactly. #N/A when there is no margin.
Public Function CHITIEU_MARGIN(ByVal target As String, ByVal value As Variant, Optional ByVal second As Variant) As Variant
    On Error GoTo Failed
    Dim v As Double, s As Double, hasSecond As Long, why As Variant
    If Not ReadArgs(value, second, v, s, hasSecond, why) Then
        CHITIEU_MARGIN = why
        Exit Function
    End If
    CHITIEU_MARGIN = XlMargin(target, v, s, hasSecond)
    Exit Function
Failed:
    CHITIEU_MARGIN = Failure()
End Function

' =CHITIEU_EXPLAIN(target; value; [second]; [lang "vi" or "en"]): the
' explanation with the figures and the clause of the document.
Public Function CHITIEU_EXPLAIN(ByVal target As String, ByVal value As Variant, Optional ByVal second As Variant, _
        Optional ByVal lang As String = "vi") As Variant
    On Error GoTo Failed
    Dim v As Double, s As Double, hasSecond As Long, why As Variant
    If Not ReadArgs(value, second, v, s, hasSecond, why) Then
        CHITIEU_EXPLAIN = why
        Exit Function
    End If
    CHITIEU_EXPLAIN = XlExplain(target, v, s, hasSecond, lang)
    Exit Function
Failed:
    CHITIEU_EXPLAIN = Failure()
End Function

' =CHITIEU_CHECK_RANGE(target; values; [denominators or baselines]): the
' verdict of every cell, as an array of the same shape.
Public Function CHITIEU_CHECK_RANGE(ByVal target As String, ByVal values As Variant, Optional ByVal seconds As Variant) As Variant
    On Error GoTo Failed
    CHITIEU_CHECK_RANGE = XlRange(target, values, seconds, WANT_VERDICT, "vi")
    Exit Function
Failed:
    CHITIEU_CHECK_RANGE = Failure()
End Function

' =CHITIEU_MARGIN_RANGE(target; values; [seconds]): the margin of every cell
' (display only), #N/A where there is none.
Public Function CHITIEU_MARGIN_RANGE(ByVal target As String, ByVal values As Variant, Optional ByVal seconds As Variant) As Variant
    On Error GoTo Failed
    CHITIEU_MARGIN_RANGE = XlRange(target, values, seconds, WANT_MARGIN, "vi")
    Exit Function
Failed:
    CHITIEU_MARGIN_RANGE = Failure()
End Function

' =CHITIEU_EXPLAIN_RANGE(target; values; [seconds]; [lang]): the explanation
' of every cell.
Public Function CHITIEU_EXPLAIN_RANGE(ByVal target As String, ByVal values As Variant, Optional ByVal seconds As Variant, _
        Optional ByVal lang As String = "vi") As Variant
    On Error GoTo Failed
    CHITIEU_EXPLAIN_RANGE = XlRange(target, values, seconds, WANT_EXPLANATION, lang)
    Exit Function
Failed:
    CHITIEU_EXPLAIN_RANGE = Failure()
End Function

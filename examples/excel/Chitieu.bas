Attribute VB_Name = "Chitieu"
' Chitieu.bas: worksheet functions that check a figure against a target of
' Quang Ninh's crime- and drug-prevention documents, one cell at a time.
'
'   =CHITIEU_CHECK("nq314.crime.clearance_rate"; B2; C2)     -> "met", "not_met", ...
'   =CHITIEU_EXPLAIN("nq314.crime.clearance_rate"; B2; C2)   -> the explanation (Vietnamese)
'   =CHITIEU_EXPLAIN("nq314.crime.clearance_rate"; B2; C2; "en")
'   =CHITIEU_MARGIN("nq314.crime.clearance_rate"; B2; C2)    -> -1 (percentage points; display only)
'   =CHITIEU_CODE("nq314.crime.clearance_rate"; B2; C2)      -> 1 met, 0 not met, -1 no data, -2 not applicable
'
' For a rate, the second argument is the denominator; for a value compared
' with a baseline (cases in 2025 vs 2020), it is the baseline; otherwise leave
' it out. A blank cell is missing, never zero: the functions answer #N/A.
' The verdict is decided exactly inside chitieu.dll (64-bit Office; see
' README.md for setup, and for what 32-bit Office would need).
Option Explicit

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
' ASCII target ids may also go as ANSI strings:
Private Declare PtrSafe Function chitieu_xl_check Lib "chitieu.dll" ( _
    ByVal target As String, ByVal value As Double, ByVal second As Double, ByVal hasSecond As Long) As Long

' Codes of the chitieu_xl_* functions (include/chitieu.h).
Private Const CODE_MET As Long = 1
Private Const CODE_NOT_MET As Long = 0
Private Const CODE_NO_DATA As Long = -1
Private Const CODE_NOT_APPLICABLE As Long = -2
Private Const XL_ERROR As Long = -100                ' a code <= -100 is a failure
Private Const XL_BUFFER_TOO_SMALL As Long = -107     ' CHITIEU_XL_ERROR - CHITIEU_BUFFER_TOO_SMALL
Private Const XL_NOT_FOUND As Long = -108            ' CHITIEU_XL_ERROR - CHITIEU_NOT_FOUND
Private Const LANG_VI As Long = 0
Private Const LANG_EN As Long = 1
Private Const ERR_NA As Long = 2042                  ' #N/A (xlErrNA)

Private loaded As Boolean

' chitieu.dll is looked for in the workbook's folder first: Windows searches
' the current directory when a Declare'd function is first called.
Private Sub EnsureLoaded()
    If loaded Then Exit Sub
    On Error Resume Next
    If Len(ThisWorkbook.Path) > 0 Then
        ChDrive Left$(ThisWorkbook.Path, 1)
        ChDir ThisWorkbook.Path
    End If
    On Error GoTo 0
    loaded = True
End Sub

' A cell or a value: True with the number, False when blank (missing).
Private Function ReadNumber(ByVal x As Variant, ByRef number As Double) As Boolean
    If IsObject(x) Then x = x.Value
    If IsEmpty(x) Or IsNull(x) Then Exit Function
    If VarType(x) = vbString Then
        If Len(Trim$(x)) = 0 Then Exit Function
    End If
    number = CDbl(x)
    ReadNumber = True
End Function

' Reads value and the optional second argument; False when one is blank.
Private Function ReadArgs(ByVal value As Variant, ByVal second As Variant, _
        ByRef v As Double, ByRef s As Double, ByRef hasSecond As Long) As Boolean
    EnsureLoaded
    If Not ReadNumber(value, v) Then Exit Function
    hasSecond = 0
    s = 0
    If Not IsMissing(second) Then
        If Not ReadNumber(second, s) Then Exit Function
        hasSecond = 1
    End If
    ReadArgs = True
End Function

' The message of the last failure, as text.
Private Function LastError() As String
    Dim buf As String, needed As Long
    buf = String$(512, vbNullChar)
    If chitieu_xl_last_error_w(StrPtr(buf), Len(buf), needed) = XL_BUFFER_TOO_SMALL Then
        buf = String$(needed, vbNullChar)
        Call chitieu_xl_last_error_w(StrPtr(buf), Len(buf), needed)
    End If
    LastError = "#chitieu: " & Left$(buf, needed - 1)
End Function

Private Function StatusText(ByVal code As Long) As Variant
    Select Case code
        Case CODE_MET: StatusText = "met"
        Case CODE_NOT_MET: StatusText = "not_met"
        Case CODE_NO_DATA: StatusText = "no_data"
        Case CODE_NOT_APPLICABLE: StatusText = "not_applicable"
        Case Else: StatusText = LastError()
    End Select
End Function

Private Function LangCode(ByVal lang As String) As Long
    If LCase$(lang) = "en" Then LangCode = LANG_EN Else LangCode = LANG_VI
End Function

' =CHITIEU_CHECK(target; value; [denominator or baseline]): "met", "not_met",
' "no_data", "not_applicable", or "#chitieu: <why>".
Public Function CHITIEU_CHECK(ByVal target As String, ByVal value As Variant, Optional ByVal second As Variant) As Variant
    Dim v As Double, s As Double, hasSecond As Long
    If Not ReadArgs(value, second, v, s, hasSecond) Then
        CHITIEU_CHECK = CVErr(ERR_NA)
        Exit Function
    End If
    CHITIEU_CHECK = StatusText(chitieu_xl_check_w(StrPtr(target), v, s, hasSecond))
End Function

' =CHITIEU_CODE(target; value; [second]): 1 met, 0 not met, -1 no data,
' -2 not applicable, <= -100 failure (for conditional formatting).
Public Function CHITIEU_CODE(ByVal target As String, ByVal value As Variant, Optional ByVal second As Variant) As Variant
    Dim v As Double, s As Double, hasSecond As Long
    If Not ReadArgs(value, second, v, s, hasSecond) Then
        CHITIEU_CODE = CVErr(ERR_NA)
        Exit Function
    End If
    CHITIEU_CODE = chitieu_xl_check(target, v, s, hasSecond)
End Function

' =CHITIEU_MARGIN(target; value; [second]): above (+) or below (-) the
' requirement, in percentage points for rates. Display only: the verdict is
' CHITIEU_CHECK, decided exactly. #N/A when there is no margin.
Public Function CHITIEU_MARGIN(ByVal target As String, ByVal value As Variant, Optional ByVal second As Variant) As Variant
    Dim v As Double, s As Double, hasSecond As Long, margin As Double, code As Long
    If Not ReadArgs(value, second, v, s, hasSecond) Then
        CHITIEU_MARGIN = CVErr(ERR_NA)
        Exit Function
    End If
    code = chitieu_xl_margin_w(StrPtr(target), v, s, hasSecond, margin)
    If code = XL_NOT_FOUND Then
        ' No margin (no data, not applicable), or an unknown target id: the
        ' check tells them apart, and a typing mistake shows its message.
        If chitieu_xl_check_w(StrPtr(target), v, s, hasSecond) <= XL_ERROR Then
            CHITIEU_MARGIN = LastError()
        Else
            CHITIEU_MARGIN = CVErr(ERR_NA)
        End If
    ElseIf code <= XL_ERROR Then
        CHITIEU_MARGIN = LastError()
    Else
        CHITIEU_MARGIN = margin
    End If
End Function

' =CHITIEU_EXPLAIN(target; value; [second]; [lang "vi" or "en"]): the
' explanation with the figures and the clause of the document.
Public Function CHITIEU_EXPLAIN(ByVal target As String, ByVal value As Variant, Optional ByVal second As Variant, _
        Optional ByVal lang As String = "vi") As Variant
    Dim v As Double, s As Double, hasSecond As Long, code As Long, needed As Long, buf As String
    If Not ReadArgs(value, second, v, s, hasSecond) Then
        CHITIEU_EXPLAIN = CVErr(ERR_NA)
        Exit Function
    End If
    buf = String$(512, vbNullChar)
    code = chitieu_xl_explain_w(StrPtr(target), v, s, hasSecond, LangCode(lang), StrPtr(buf), Len(buf), needed)
    If code = XL_BUFFER_TOO_SMALL Then
        buf = String$(needed, vbNullChar)
        code = chitieu_xl_explain_w(StrPtr(target), v, s, hasSecond, LangCode(lang), StrPtr(buf), Len(buf), needed)
    End If
    If code <= XL_ERROR Then
        CHITIEU_EXPLAIN = LastError()
    Else
        CHITIEU_EXPLAIN = Left$(buf, needed - 1)
    End If
End Function

"""r_bridge.convert against real R: paws' exact R types from the model, and R arguments back."""

from __future__ import annotations

import pytest

from paws_compat._model import load_model

MODEL = load_model("connectparticipant")


def output(method: str):  # the output shape of an operation, by paws' method name
    shape = MODEL.operation_by_method(method).output
    assert shape is not None
    return shape


EMPTY_WEBRTC = """list(
  Attendee = list(AttendeeId = character(0), JoinToken = character(0)),
  Meeting = list(
    MediaPlacement = list(AudioHostUrl = character(0), AudioFallbackUrl = character(0),
                          SignalingUrl = character(0), EventIngestionUrl = character(0)),
    MeetingFeatures = list(Audio = list(EchoReduction = character(0))),
    MeetingId = character(0)))"""


@pytest.fixture
def ri(r):
    import rpy2.rinterface as ri

    return ri


# ------------------------------------------------------------------ results to R


def test_partial_result_is_filled_with_typed_empties_in_model_order(identical, deparse):
    from r_bridge.convert import to_r

    value = {"Websocket": {"ConnectionExpiry": "2019-11-25T21:56:46.045Z", "Url": "wss://x"}}
    converted = to_r(value, output("create_participant_connection"))
    expected = f"""list(
      Websocket = list(Url = "wss://x", ConnectionExpiry = "2019-11-25T21:56:46.045Z"),
      ConnectionCredentials = list(ConnectionToken = character(0), Expiry = character(0)),
      WebRTCConnection = {EMPTY_WEBRTC})"""
    assert identical(converted, expected), deparse(converted)


def test_absent_and_none_give_the_empty_of_each_type(identical, deparse):
    from r_bridge.convert import empty_r, to_r

    shape = output("create_participant_connection")
    for value in ({}, None, {"Websocket": None, "ConnectionCredentials": {"Expiry": None}}):
        converted = to_r(value, shape)
        assert identical(converted, deparse(empty_r(shape))), deparse(converted)
    assert identical(empty_r(MODEL.shapes["Bool"]), "logical(0)")
    assert identical(empty_r(MODEL.shapes["MaxResults"]), "numeric(0)")
    assert identical(empty_r(MODEL.shapes["ISO8601Datetime"]), "character(0)")
    assert identical(empty_r(MODEL.shapes["Transcript"]), "list()")
    assert identical(empty_r(MODEL.shapes["UrlMetadataSignedHeaders"]), "list()")


def test_scalars_take_the_model_type_not_the_value_type(identical):
    from r_bridge.convert import to_r

    assert identical(to_r(True, MODEL.shapes["Bool"]), "TRUE")
    assert identical(to_r(False, MODEL.shapes["Bool"]), "FALSE")
    assert identical(to_r(5, MODEL.shapes["MaxResults"]), "5")  # integers are doubles in paws
    assert identical(to_r(3.0, MODEL.shapes["AttachmentSizeInBytes"]), "3")
    assert identical(to_r(3_000_000_000, MODEL.shapes["AttachmentSizeInBytes"]), "3e9")
    assert identical(to_r("", MODEL.shapes["Message"]), '""')
    assert identical(to_r("h\u00e9 \u2603", MODEL.shapes["Message"]), '"h\\u00e9 \\u2603"')


def test_operations_without_output_members_give_list(identical):
    from r_bridge.convert import to_r

    no_output = ("disconnect_participant", "complete_attachment_upload", "cancel_participant_authentication")
    for method in no_output:
        assert identical(to_r({}, output(method)), "list()")


def test_list_of_strings_is_atomic_one_item_plain_none_list(identical, deparse):
    from r_bridge.convert import to_r

    actions = MODEL.shapes["ViewActions"]
    assert identical(to_r(["Submit", "Cancel"], actions), 'c("Submit", "Cancel")')
    assert identical(to_r(["Submit"], actions), '"Submit"')
    assert identical(to_r([], actions), "list()")
    body = {"View": {"Id": "v", "Version": 2, "Content": {"Actions": ["Submit"]}}}
    view = to_r(body, output("describe_view"))
    expected = """list(View = list(Id = "v", Arn = character(0), Name = character(0), Version = 2,
      Content = list(InputSchema = character(0), Template = character(0), Actions = "Submit")))"""
    assert identical(view, expected), deparse(view)


ITEM_EMPTY = dict(
    AbsoluteTime="character(0)", Content="character(0)", ContentType="character(0)", Id="character(0)",
    Type="character(0)", ParticipantId="character(0)", DisplayName="character(0)",
    ParticipantRole="character(0)", Attachments="list()",
    MessageMetadata=(
        "list(MessageId = character(0), Receipts = list(), MessageProcessingStatus = character(0))"
    ),
    RelatedContactId="character(0)", ContactId="character(0)",
)


def r_item(**given: str) -> str:
    parts = {**ITEM_EMPTY, **given}
    return "list(" + ", ".join(f"{k} = {v}" for k, v in parts.items()) + ")"


def test_list_of_structures_is_unnamed_list_of_filled_items(identical, deparse):
    from r_bridge.convert import to_r

    value = {
        "InitialContactId": "c0",
        "Transcript": [
            {"Id": "i1", "Type": "MESSAGE", "Content": "hi",
             "MessageMetadata": {"MessageId": "i1", "Receipts": [{"RecipientParticipantId": "p2"}]}},
            {"Id": "i2", "Attachments": [{"AttachmentId": "a1", "Status": "APPROVED"}]},
        ],
    }
    converted = to_r(value, output("get_transcript"))
    receipt = ('list(DeliveredTimestamp = character(0), ReadTimestamp = character(0), '
               'RecipientParticipantId = "p2")')
    attachment = ('list(ContentType = character(0), AttachmentId = "a1", AttachmentName = character(0), '
                  'Status = "APPROVED")')
    expected = f"""list(InitialContactId = "c0", Transcript = list(
      {r_item(Id='"i1"', Type='"MESSAGE"', Content='"hi"',
              MessageMetadata=f'list(MessageId = "i1", Receipts = list({receipt}), '
                              'MessageProcessingStatus = character(0))')},
      {r_item(Id='"i2"', Attachments=f"list({attachment})")}),
      NextToken = character(0))"""
    assert identical(converted, expected), deparse(converted)


def test_map_is_named_list_and_empty_map_has_no_names(identical, deparse):
    from r_bridge.convert import to_r

    shape = output("start_attachment_upload")
    value = {"AttachmentId": "a1",
             "UploadMetadata": {"Url": "https://up", "HeadersToInclude": {"Content-Type": "text/plain"}}}
    converted = to_r(value, shape)
    expected = """list(AttachmentId = "a1",
      UploadMetadata = list(Url = "https://up", UrlExpiry = character(0),
                            HeadersToInclude = list(`Content-Type` = "text/plain")))"""
    assert identical(converted, expected), deparse(converted)
    assert identical(to_r({}, MODEL.shapes["UrlMetadataSignedHeaders"]), "list()")


def test_to_r_refuses_to_guess_without_a_shape():
    from r_bridge.convert import to_r

    with pytest.raises(TypeError, match="shape"):
        to_r({"Id": "x"})


def test_plain_json_is_decoded_as_jsonlite_does(identical, r):
    from r_bridge.convert import plain_to_r

    value = {"message": "m", "n": 2, "x": 1.5, "ok": True, "none": None, "list": [1, "a"], "empty": {}}
    expected = r("""jsonlite::parse_json(
        '{"message":"m","n":2,"x":1.5,"ok":true,"none":null,"list":[1,"a"],"empty":{}}',
        simplifyVector = FALSE)""")
    got = plain_to_r(value)
    same = r("function(a, b) { b$empty <- list(); identical(a, b) }")(got, expected)
    assert bool(same[0])


# ------------------------------------------------------------------ R arguments to Python


def test_r_values_become_python_arguments(r):
    from r_bridge.convert import from_r

    assert from_r(r("NULL")) is None
    assert from_r(r('"X"')) == "X"
    assert from_r(r('c("A", "B")')) == ["A", "B"]
    assert from_r(r('list("A")')) == ["A"]
    assert from_r(r("TRUE")) is True
    assert from_r(r("5L")) == 5
    assert from_r(r("2.5")) == 2.5
    assert from_r(r('list(a = 1, b = list(c = "x"))')) == {"a": 1.0, "b": {"c": "x"}}
    assert from_r(r('factor(c("b", "a", "b"))')) == ["b", "a", "b"]


def test_the_model_settles_lists_and_integers(r):
    from r_bridge.convert import from_r

    types = MODEL.shapes["ConnectionTypeList"]
    assert from_r(r('"WEBSOCKET"'), types) == ["WEBSOCKET"]
    assert from_r(r('list("WEBSOCKET")'), types) == ["WEBSOCKET"]
    got = from_r(r("15"), MODEL.shapes["MaxResults"])
    assert got == 15 and isinstance(got, int)
    start = from_r(r("list(MostRecent = 3, Id = NULL)"), MODEL.shapes["StartPosition"])
    assert start == {"MostRecent": 3} and isinstance(start["MostRecent"], int)
    assert from_r(r('c(Id = "x")'), MODEL.shapes["StartPosition"]) == {"Id": "x"}


@pytest.mark.parametrize(
    ("code", "where"),
    [
        ("NA", "value"),
        ("NA_character_", "value"),
        ("NA_integer_", "value"),
        ("NA_real_", "value"),
        ("NaN", "value"),
        ('c("A", NA)', r"value\[2\]"),
        ('list("A", NA)', r"value\[\[2\]\]"),
        ("list(a = list(b = NA))", r"value\$a\$b"),
        ('factor(c("a", NA))', "value"),
    ],
)
def test_na_is_refused_naming_where(r, code, where):
    from r_bridge.convert import RConversionError, from_r

    with pytest.raises(RConversionError, match=rf"^{where}: NA"):
        from_r(r(code))


def test_args_from_r_is_paws_argument_handling(r):
    from r_bridge.convert import RConversionError, args_from_r

    args = r('list(Type = "WEBSOCKET", ParticipantToken = "tok", ConnectParticipant = NULL)')
    assert args_from_r("create_participant_connection", args) == {
        "Type": ["WEBSOCKET"], "ParticipantToken": "tok"}
    args = r('list(ConnectionToken = "tok", MaxResults = 10, StartPosition = list(), '
             'ContactId = character(0))')
    assert args_from_r("get_transcript", args) == {"ConnectionToken": "tok", "MaxResults": 10}
    assert args_from_r("get_transcript", r("list()")) == {}
    with pytest.raises(RConversionError, match="ConnectParticipant: NA"):
        na_args = r("list(ParticipantToken = 'x', ConnectParticipant = NA)")
        args_from_r("create_participant_connection", na_args)
    with pytest.raises(RConversionError, match="named"):
        args_from_r("create_participant_connection", r("list('x')"))


# ------------------------------------------------------------------ Records and errors from the client


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"Websocket": {"Url": "wss://x"}},
        {"ConnectionCredentials": {"ConnectionToken": "ct", "Expiry": "e"}, "Unknown": 1},
        {"WebRTCConnection": {"Meeting": {"MeetingFeatures": {"Audio": {"EchoReduction": "AVAILABLE"}}}}},
    ],
)
def test_a_record_converts_as_its_shape_says(identical, deparse, body):
    from paws_compat._result import parse_output
    from r_bridge.convert import to_r

    shape = output("create_participant_connection")
    record = parse_output(shape, body)
    assert identical(to_r(record), deparse(to_r(body, shape)))


def test_records_with_lists_and_maps_convert_exactly(identical, deparse):
    from paws_compat._result import parse_output
    from r_bridge.convert import to_r

    transcript = parse_output(output("get_transcript"), {"Transcript": [{"Id": "i1"}, {"Id": "i2"}]})
    items = ", ".join(r_item(Id=f'"{i}"') for i in ("i1", "i2"))
    expected = f"list(InitialContactId = character(0), Transcript = list({items}), NextToken = character(0))"
    assert identical(to_r(transcript), expected), deparse(to_r(transcript))
    body = {"UploadMetadata": {"HeadersToInclude": {"a": "1"}}}
    upload = parse_output(output("start_attachment_upload"), body)
    assert identical(to_r(upload), """list(AttachmentId = character(0),
        UploadMetadata = list(Url = character(0), UrlExpiry = character(0),
                              HeadersToInclude = list(a = "1")))""")


def test_a_service_error_becomes_paws_condition(r, identical):
    from paws_compat.errors import AccessDeniedException, ValidationException
    from r_bridge.convert import condition_to_r

    exc = AccessDeniedException("No access.", code="AccessDeniedException", status_code=403,
                                error_response={"message": "No access."})
    cond = condition_to_r(exc)
    assert identical(cond, """structure(list(
        message = "AccessDeniedException (HTTP 403). No access.", call = NULL, status_code = 403L,
        error_response = list(message = "No access.")),
        class = c("paws_error", "http_403", "http_400", "http_error", "error", "condition"))""")
    caught = r("function(cond) tryCatch(stop(cond), http_400 = function(e) e$status_code)")(
        condition_to_r(ValidationException("bad", code="ValidationException", status_code=400)))
    assert list(caught) == [400]

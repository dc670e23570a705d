"""Types of the Participant Service client for mypy and pyright, generated from the packaged model
by tools/generate_types.py (do not edit; `python tools/generate_model.py --check` fails when stale).

Results are Records (attribute and mapping access); a member the response may lack is typed with
the empty it then holds, so `if resp.Websocket.Url:` narrows it to `str`.
"""

import builtins
from collections.abc import Iterator, Mapping
from typing import Any, Literal, TypeAlias, TypedDict, overload

from typing_extensions import Never, NotRequired

from ._model import Shape
from ._result import TypedEmpty

__all__ = [
    "AttachmentItem",
    "Attendee",
    "AudioFeatures",
    "CancelParticipantAuthenticationRequest",
    "CancelParticipantAuthenticationResponse",
    "CompleteAttachmentUploadRequest",
    "CompleteAttachmentUploadResponse",
    "ConnectionCredentials",
    "ConnectionType",
    "ContentDisposition",
    "CreateParticipantConnectionRequest",
    "CreateParticipantConnectionResponse",
    "DescribeViewRequest",
    "DescribeViewResponse",
    "DisconnectParticipantRequest",
    "DisconnectParticipantResponse",
    "GetAttachmentRequest",
    "GetAttachmentResponse",
    "GetAuthenticationUrlRequest",
    "GetAuthenticationUrlResponse",
    "GetTranscriptRequest",
    "GetTranscriptResponse",
    "Item",
    "MeetingFeaturesConfiguration",
    "MessageMetadata",
    "MessageProcessingMetadata",
    "Receipt",
    "ScanDirection",
    "SendEventRequest",
    "SendEventResponse",
    "SendMessageRequest",
    "SendMessageResponse",
    "SortKey",
    "StartAttachmentUploadRequest",
    "StartAttachmentUploadResponse",
    "StartPosition",
    "TypedEmpty",
    "TypedRecord",
    "UploadMetadata",
    "View",
    "ViewContent",
    "WebRTCConnection",
    "WebRTCMediaPlacement",
    "WebRTCMeeting",
    "Websocket",
]

# ---- enums of the arguments: the values the pinned model lists

ConnectionType = Literal["WEBSOCKET", "CONNECTION_CREDENTIALS", "WEBRTC_CONNECTION"]
ContentDisposition = Literal["INLINE", "ATTACHMENT"]
ScanDirection = Literal["FORWARD", "BACKWARD"]
SortKey = Literal["DESCENDING", "ASCENDING"]

# ---- structures the arguments take (plain dicts)

class CancelParticipantAuthenticationRequest(TypedDict):
    SessionId: str
    ConnectionToken: str

class CompleteAttachmentUploadRequest(TypedDict):
    AttachmentIds: list[str] | tuple[str, ...] | str
    ClientToken: NotRequired[str]
    ConnectionToken: str

class CreateParticipantConnectionRequest(TypedDict):
    Type: NotRequired[list[ConnectionType] | tuple[ConnectionType, ...] | ConnectionType]
    ParticipantToken: str
    ConnectParticipant: NotRequired[bool]

class DescribeViewRequest(TypedDict):
    ViewToken: str
    ConnectionToken: str

class DisconnectParticipantRequest(TypedDict):
    ClientToken: NotRequired[str]
    ConnectionToken: str

class GetAttachmentRequest(TypedDict):
    AttachmentId: str
    ConnectionToken: str
    UrlExpiryInSeconds: NotRequired[int]
    UrlContentDisposition: NotRequired[ContentDisposition]

class GetAuthenticationUrlRequest(TypedDict):
    SessionId: str
    RedirectUri: str
    ConnectionToken: str

class GetTranscriptRequest(TypedDict):
    ContactId: NotRequired[str]
    MaxResults: NotRequired[int]
    NextToken: NotRequired[str]
    ScanDirection: NotRequired[ScanDirection]
    SortOrder: NotRequired[SortKey]
    StartPosition: NotRequired[StartPosition]
    ConnectionToken: str

class StartPosition(TypedDict):
    Id: NotRequired[str]
    AbsoluteTime: NotRequired[str]
    MostRecent: NotRequired[int]

class SendEventRequest(TypedDict):
    ContentType: str
    Content: NotRequired[str]
    ClientToken: NotRequired[str]
    ConnectionToken: str

class SendMessageRequest(TypedDict):
    ContentType: str
    Content: str
    ClientToken: NotRequired[str]
    ConnectionToken: str

class StartAttachmentUploadRequest(TypedDict):
    ContentType: str
    AttachmentSizeInBytes: int
    AttachmentName: str
    ClientToken: NotRequired[str]
    ConnectionToken: str

# ---- results

class TypedRecord(Mapping[str, Any]):
    """A Record as type checkers see it (at run time every result is a paws_compat.Record)."""

    @property
    def shape(self) -> Shape | None: ...
    def to_dict(self) -> dict[builtins.str, Any]: ...
    def __getitem__(self, key: builtins.str) -> Any: ...
    def __iter__(self) -> Iterator[builtins.str]: ...
    def __len__(self) -> int: ...
    def str(self) -> builtins.str: ...

class AttachmentItem(TypedRecord):
    @property
    def ContentType(self) -> str | TypedEmpty: ...
    @property
    def AttachmentId(self) -> str | TypedEmpty: ...
    @property
    def AttachmentName(self) -> str | TypedEmpty: ...
    @property
    def Status(self) -> str | TypedEmpty: ...
    @overload  # type: ignore[override]
    def __getitem__(self, key: Literal["ContentType"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["AttachmentId"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["AttachmentName"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["Status"]) -> str | TypedEmpty: ...

class Attendee(TypedRecord):
    @property
    def AttendeeId(self) -> str | TypedEmpty: ...
    @property
    def JoinToken(self) -> str | TypedEmpty: ...
    @overload  # type: ignore[override]
    def __getitem__(self, key: Literal["AttendeeId"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["JoinToken"]) -> str | TypedEmpty: ...

class AudioFeatures(TypedRecord):
    @property
    def EchoReduction(self) -> str | TypedEmpty: ...
    def __getitem__(self, key: Literal["EchoReduction"]) -> str | TypedEmpty: ...  # type: ignore[override]

class CancelParticipantAuthenticationResponse(TypedRecord):
    def __getitem__(self, key: Never) -> Never: ...  # type: ignore[override]

class CompleteAttachmentUploadResponse(TypedRecord):
    def __getitem__(self, key: Never) -> Never: ...  # type: ignore[override]

class ConnectionCredentials(TypedRecord):
    @property
    def ConnectionToken(self) -> str | TypedEmpty: ...
    @property
    def Expiry(self) -> str | TypedEmpty: ...
    @overload  # type: ignore[override]
    def __getitem__(self, key: Literal["ConnectionToken"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["Expiry"]) -> str | TypedEmpty: ...

class CreateParticipantConnectionResponse(TypedRecord):
    @property
    def Websocket(self) -> _Websocket: ...
    @property
    def ConnectionCredentials(self) -> _ConnectionCredentials: ...
    @property
    def WebRTCConnection(self) -> _WebRTCConnection: ...
    @overload  # type: ignore[override]
    def __getitem__(self, key: Literal["Websocket"]) -> _Websocket: ...
    @overload
    def __getitem__(self, key: Literal["ConnectionCredentials"]) -> _ConnectionCredentials: ...
    @overload
    def __getitem__(self, key: Literal["WebRTCConnection"]) -> _WebRTCConnection: ...

class DescribeViewResponse(TypedRecord):
    @property
    def View(self) -> _View: ...
    def __getitem__(self, key: Literal["View"]) -> _View: ...  # type: ignore[override]

class DisconnectParticipantResponse(TypedRecord):
    def __getitem__(self, key: Never) -> Never: ...  # type: ignore[override]

class GetAttachmentResponse(TypedRecord):
    @property
    def Url(self) -> str | TypedEmpty: ...
    @property
    def UrlExpiry(self) -> str | TypedEmpty: ...
    @property
    def AttachmentSizeInBytes(self) -> int: ...
    @overload  # type: ignore[override]
    def __getitem__(self, key: Literal["Url"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["UrlExpiry"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["AttachmentSizeInBytes"]) -> int: ...

class GetAuthenticationUrlResponse(TypedRecord):
    @property
    def AuthenticationUrl(self) -> str | TypedEmpty: ...
    def __getitem__(self, key: Literal["AuthenticationUrl"]) -> str | TypedEmpty: ...  # type: ignore[override]

class GetTranscriptResponse(TypedRecord):
    @property
    def InitialContactId(self) -> str | TypedEmpty: ...
    @property
    def Transcript(self) -> list[Item]: ...
    @property
    def NextToken(self) -> str | TypedEmpty: ...
    @overload  # type: ignore[override]
    def __getitem__(self, key: Literal["InitialContactId"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["Transcript"]) -> list[Item]: ...
    @overload
    def __getitem__(self, key: Literal["NextToken"]) -> str | TypedEmpty: ...

class Item(TypedRecord):
    @property
    def AbsoluteTime(self) -> str | TypedEmpty: ...
    @property
    def Content(self) -> str | TypedEmpty: ...
    @property
    def ContentType(self) -> str | TypedEmpty: ...
    @property
    def Id(self) -> str | TypedEmpty: ...
    @property
    def Type(self) -> str | TypedEmpty: ...
    @property
    def ParticipantId(self) -> str | TypedEmpty: ...
    @property
    def DisplayName(self) -> str | TypedEmpty: ...
    @property
    def ParticipantRole(self) -> str | TypedEmpty: ...
    @property
    def Attachments(self) -> list[AttachmentItem]: ...
    @property
    def MessageMetadata(self) -> _MessageMetadata: ...
    @property
    def RelatedContactId(self) -> str | TypedEmpty: ...
    @property
    def ContactId(self) -> str | TypedEmpty: ...
    @overload  # type: ignore[override]
    def __getitem__(self, key: Literal["AbsoluteTime"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["Content"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["ContentType"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["Id"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["Type"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["ParticipantId"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["DisplayName"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["ParticipantRole"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["Attachments"]) -> list[AttachmentItem]: ...
    @overload
    def __getitem__(self, key: Literal["MessageMetadata"]) -> _MessageMetadata: ...
    @overload
    def __getitem__(self, key: Literal["RelatedContactId"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["ContactId"]) -> str | TypedEmpty: ...

class MeetingFeaturesConfiguration(TypedRecord):
    @property
    def Audio(self) -> AudioFeatures: ...
    def __getitem__(self, key: Literal["Audio"]) -> AudioFeatures: ...  # type: ignore[override]

class MessageMetadata(TypedRecord):
    @property
    def MessageId(self) -> str | TypedEmpty: ...
    @property
    def Receipts(self) -> list[Receipt]: ...
    @property
    def MessageProcessingStatus(self) -> str | TypedEmpty: ...
    @overload  # type: ignore[override]
    def __getitem__(self, key: Literal["MessageId"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["Receipts"]) -> list[Receipt]: ...
    @overload
    def __getitem__(self, key: Literal["MessageProcessingStatus"]) -> str | TypedEmpty: ...

class MessageProcessingMetadata(TypedRecord):
    @property
    def MessageProcessingStatus(self) -> str | TypedEmpty: ...
    def __getitem__(self, key: Literal["MessageProcessingStatus"]) -> str | TypedEmpty: ...  # type: ignore[override]

class Receipt(TypedRecord):
    @property
    def DeliveredTimestamp(self) -> str | TypedEmpty: ...
    @property
    def ReadTimestamp(self) -> str | TypedEmpty: ...
    @property
    def RecipientParticipantId(self) -> str | TypedEmpty: ...
    @overload  # type: ignore[override]
    def __getitem__(self, key: Literal["DeliveredTimestamp"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["ReadTimestamp"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["RecipientParticipantId"]) -> str | TypedEmpty: ...

class SendEventResponse(TypedRecord):
    @property
    def Id(self) -> str | TypedEmpty: ...
    @property
    def AbsoluteTime(self) -> str | TypedEmpty: ...
    @overload  # type: ignore[override]
    def __getitem__(self, key: Literal["Id"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["AbsoluteTime"]) -> str | TypedEmpty: ...

class SendMessageResponse(TypedRecord):
    @property
    def Id(self) -> str | TypedEmpty: ...
    @property
    def AbsoluteTime(self) -> str | TypedEmpty: ...
    @property
    def MessageMetadata(self) -> MessageProcessingMetadata: ...
    @overload  # type: ignore[override]
    def __getitem__(self, key: Literal["Id"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["AbsoluteTime"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["MessageMetadata"]) -> MessageProcessingMetadata: ...

class StartAttachmentUploadResponse(TypedRecord):
    @property
    def AttachmentId(self) -> str | TypedEmpty: ...
    @property
    def UploadMetadata(self) -> _UploadMetadata: ...
    @overload  # type: ignore[override]
    def __getitem__(self, key: Literal["AttachmentId"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["UploadMetadata"]) -> _UploadMetadata: ...

class UploadMetadata(TypedRecord):
    @property
    def Url(self) -> str | TypedEmpty: ...
    @property
    def UrlExpiry(self) -> str | TypedEmpty: ...
    @property
    def HeadersToInclude(self) -> dict[str, str]: ...
    @overload  # type: ignore[override]
    def __getitem__(self, key: Literal["Url"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["UrlExpiry"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["HeadersToInclude"]) -> dict[str, str]: ...

class View(TypedRecord):
    @property
    def Id(self) -> str | TypedEmpty: ...
    @property
    def Arn(self) -> str | TypedEmpty: ...
    @property
    def Name(self) -> str | TypedEmpty: ...
    @property
    def Version(self) -> int | TypedEmpty: ...
    @property
    def Content(self) -> ViewContent: ...
    @overload  # type: ignore[override]
    def __getitem__(self, key: Literal["Id"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["Arn"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["Name"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["Version"]) -> int | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["Content"]) -> ViewContent: ...

class ViewContent(TypedRecord):
    @property
    def InputSchema(self) -> str | TypedEmpty: ...
    @property
    def Template(self) -> str | TypedEmpty: ...
    @property
    def Actions(self) -> list[str]: ...
    @overload  # type: ignore[override]
    def __getitem__(self, key: Literal["InputSchema"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["Template"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["Actions"]) -> list[str]: ...

class WebRTCConnection(TypedRecord):
    @property
    def Attendee(self) -> _Attendee: ...
    @property
    def Meeting(self) -> WebRTCMeeting: ...
    @overload  # type: ignore[override]
    def __getitem__(self, key: Literal["Attendee"]) -> _Attendee: ...
    @overload
    def __getitem__(self, key: Literal["Meeting"]) -> WebRTCMeeting: ...

class WebRTCMediaPlacement(TypedRecord):
    @property
    def AudioHostUrl(self) -> str | TypedEmpty: ...
    @property
    def AudioFallbackUrl(self) -> str | TypedEmpty: ...
    @property
    def SignalingUrl(self) -> str | TypedEmpty: ...
    @property
    def EventIngestionUrl(self) -> str | TypedEmpty: ...
    @overload  # type: ignore[override]
    def __getitem__(self, key: Literal["AudioHostUrl"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["AudioFallbackUrl"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["SignalingUrl"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["EventIngestionUrl"]) -> str | TypedEmpty: ...

class WebRTCMeeting(TypedRecord):
    @property
    def MediaPlacement(self) -> WebRTCMediaPlacement: ...
    @property
    def MeetingFeatures(self) -> MeetingFeaturesConfiguration: ...
    @property
    def MeetingId(self) -> str | TypedEmpty: ...
    @overload  # type: ignore[override]
    def __getitem__(self, key: Literal["MediaPlacement"]) -> WebRTCMediaPlacement: ...
    @overload
    def __getitem__(self, key: Literal["MeetingFeatures"]) -> MeetingFeaturesConfiguration: ...
    @overload
    def __getitem__(self, key: Literal["MeetingId"]) -> str | TypedEmpty: ...

class Websocket(TypedRecord):
    @property
    def Url(self) -> str | TypedEmpty: ...
    @property
    def ConnectionExpiry(self) -> str | TypedEmpty: ...
    @overload  # type: ignore[override]
    def __getitem__(self, key: Literal["Url"]) -> str | TypedEmpty: ...
    @overload
    def __getitem__(self, key: Literal["ConnectionExpiry"]) -> str | TypedEmpty: ...

_Attendee: TypeAlias = Attendee
_ConnectionCredentials: TypeAlias = ConnectionCredentials
_MessageMetadata: TypeAlias = MessageMetadata
_UploadMetadata: TypeAlias = UploadMetadata
_View: TypeAlias = View
_WebRTCConnection: TypeAlias = WebRTCConnection
_Websocket: TypeAlias = Websocket

# ---- the client's operations (paws_compat.Client)

class ConnectParticipantOperations:
    """The operation methods of paws_compat.Client (made from the model at run time)."""

    def cancel_participant_authentication(
        self,
        *,
        SessionId: str,
        ConnectionToken: str,
    ) -> CancelParticipantAuthenticationResponse:
        """CancelParticipantAuthentication: POST /participant/cancel-authentication"""

    def complete_attachment_upload(
        self,
        *,
        AttachmentIds: list[str] | tuple[str, ...] | str,
        ClientToken: str | None = None,
        ConnectionToken: str,
    ) -> CompleteAttachmentUploadResponse:
        """CompleteAttachmentUpload: POST /participant/complete-attachment-upload"""

    def create_participant_connection(
        self,
        *,
        Type: list[ConnectionType] | tuple[ConnectionType, ...] | ConnectionType | None = None,
        ParticipantToken: str,
        ConnectParticipant: bool | None = None,
    ) -> CreateParticipantConnectionResponse:
        """CreateParticipantConnection: POST /participant/connection"""

    def describe_view(
        self,
        *,
        ViewToken: str,
        ConnectionToken: str,
    ) -> DescribeViewResponse:
        """DescribeView: GET /participant/views/{ViewToken}"""

    def disconnect_participant(
        self,
        *,
        ClientToken: str | None = None,
        ConnectionToken: str,
    ) -> DisconnectParticipantResponse:
        """DisconnectParticipant: POST /participant/disconnect"""

    def get_attachment(
        self,
        *,
        AttachmentId: str,
        ConnectionToken: str,
        UrlExpiryInSeconds: int | None = None,
        UrlContentDisposition: ContentDisposition | None = None,
    ) -> GetAttachmentResponse:
        """GetAttachment: POST /participant/attachment"""

    def get_authentication_url(
        self,
        *,
        SessionId: str,
        RedirectUri: str,
        ConnectionToken: str,
    ) -> GetAuthenticationUrlResponse:
        """GetAuthenticationUrl: POST /participant/authentication-url"""

    def get_transcript(
        self,
        *,
        ContactId: str | None = None,
        MaxResults: int | None = None,
        NextToken: str | None = None,
        ScanDirection: ScanDirection | None = None,
        SortOrder: SortKey | None = None,
        StartPosition: StartPosition | None = None,
        ConnectionToken: str,
    ) -> GetTranscriptResponse:
        """GetTranscript: POST /participant/transcript"""

    def send_event(
        self,
        *,
        ContentType: str,
        Content: str | None = None,
        ClientToken: str | None = None,
        ConnectionToken: str,
    ) -> SendEventResponse:
        """SendEvent: POST /participant/event"""

    def send_message(
        self,
        *,
        ContentType: str,
        Content: str,
        ClientToken: str | None = None,
        ConnectionToken: str,
    ) -> SendMessageResponse:
        """SendMessage: POST /participant/message"""

    def start_attachment_upload(
        self,
        *,
        ContentType: str,
        AttachmentSizeInBytes: int,
        AttachmentName: str,
        ClientToken: str | None = None,
        ConnectionToken: str,
    ) -> StartAttachmentUploadResponse:
        """StartAttachmentUpload: POST /participant/start-attachment-upload"""

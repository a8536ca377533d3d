from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.grant_type import GrantType
from ..types import new_instance as _new_instance

T = TypeVar("T", bound="AccessToken")


@_attrs_define
class AccessToken:
    """A bearer token and when it expires, at the top level of the body.

    Attributes:
        access_token (str): The token to send as `Authorization: Bearer <access_token>`.
        token_type (Literal['Bearer']): Always `Bearer`.
        expires_in (int): Seconds until the token expires (3600 for a new token).
        expires (int): When the token expires, in seconds since the Unix epoch.
        identifier (GrantType): How a token is obtained. `client_credentials` needs the client secret and grants read
            and
            write access; `implicit` needs only the client id and grants read-only access.
    """

    access_token: str
    token_type: Literal["Bearer"]
    expires_in: int
    expires: int
    identifier: GrantType
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        access_token = self.access_token

        token_type = self.token_type

        expires_in = self.expires_in

        expires = self.expires

        identifier = self.identifier.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "access_token": access_token,
                "token_type": token_type,
                "expires_in": expires_in,
                "expires": expires,
                "identifier": identifier,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        access_token = d["access_token"]

        token_type: Literal["Bearer"] = d["token_type"]
        if token_type != "Bearer":
            raise ValueError(f"token_type must match const 'Bearer', got '{token_type}'")

        expires_in = d["expires_in"]

        expires = d["expires"]

        _identifier = d["identifier"]
        identifier = GrantType._by_value.get(_identifier) or GrantType(_identifier)

        if cls is AccessToken:
            access_token_instance = _new_instance(cls)
            access_token_instance.access_token = access_token
            access_token_instance.token_type = token_type
            access_token_instance.expires_in = expires_in
            access_token_instance.expires = expires
            access_token_instance.identifier = identifier
        else:  # a subclass, whose __init__ may set fields of its own
            access_token_instance = cls(
                access_token=access_token,
                token_type=token_type,
                expires_in=expires_in,
                expires=expires,
                identifier=identifier,
            )

        # Each field found is one key of the dict: only a dict with more keys has others to keep.
        fields_found = 5
        if len(d) == fields_found:
            access_token_instance.additional_properties = {}
        else:
            access_token_instance.additional_properties = {
                key: value
                for key, value in d.items()
                if key
                not in {
                    "access_token",
                    "token_type",
                    "expires_in",
                    "expires",
                    "identifier",
                }
            }
        return access_token_instance

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

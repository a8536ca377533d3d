from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.grant_type import GrantType
from ..types import UNSET, Unset
from ..types import new_instance as _new_instance

T = TypeVar("T", bound="AccessTokenRequest")


@_attrs_define
class AccessTokenRequest:
    """The form fields of a token request.

    Attributes:
        grant_type (GrantType): How a token is obtained. `client_credentials` needs the client secret and grants read
            and
            write access; `implicit` needs only the client id and grants read-only access.
        client_id (str): The client id of the store's API key.
        client_secret (str | Unset): The client secret of the store's API key; required for `client_credentials`.
    """

    grant_type: GrantType
    client_id: str
    client_secret: str | Unset = UNSET
    additional_properties: dict[str, str] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        grant_type = self.grant_type.value

        client_id = self.client_id

        client_secret = self.client_secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "grant_type": grant_type,
                "client_id": client_id,
            }
        )
        if client_secret is not UNSET:
            field_dict["client_secret"] = client_secret

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        _grant_type = d["grant_type"]
        grant_type = GrantType._by_value.get(_grant_type) or GrantType(_grant_type)

        client_id = d["client_id"]

        client_secret = d.get("client_secret", UNSET)

        if cls is AccessTokenRequest:
            access_token_request = _new_instance(cls)
            access_token_request.grant_type = grant_type
            access_token_request.client_id = client_id
            access_token_request.client_secret = client_secret
        else:  # a subclass, whose __init__ may set fields of its own
            access_token_request = cls(
                grant_type=grant_type,
                client_id=client_id,
                client_secret=client_secret,
            )

        # Each field found is one key of the dict: only a dict with more keys has others to keep.
        fields_found = 2 + (client_secret is not UNSET)
        if len(d) == fields_found:
            access_token_request.additional_properties = {}
        else:
            access_token_request.additional_properties = {
                key: value
                for key, value in d.items()
                if key
                not in {
                    "grant_type",
                    "client_id",
                    "client_secret",
                }
            }
        return access_token_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> str:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: str) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

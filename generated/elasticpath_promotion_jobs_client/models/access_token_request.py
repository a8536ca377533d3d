from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.grant_type import GrantType
from ..types import UNSET, Unset

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

    def to_dict(self) -> dict[str, Any]:
        grant_type = self.grant_type.value

        client_id = self.client_id

        client_secret = self.client_secret

        field_dict: dict[str, Any] = {}

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
        d = dict(src_dict)
        grant_type = GrantType(d.pop("grant_type"))

        client_id = d.pop("client_id")

        client_secret = d.pop("client_secret", UNSET)

        access_token_request = cls(
            grant_type=grant_type,
            client_id=client_id,
            client_secret=client_secret,
        )

        return access_token_request

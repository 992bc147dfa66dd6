<?php
/*
 * The dev IdP itself. A template filled in by eurzad.devservices.simplesamlphp.
 *
 * Shaped like the national node (Węzeł Krajowy) where SimpleSAMLphp 1.19 can follow: signed,
 * encrypted assertions, the eIDAS level of assurance and attribute names, the artifact binding.
 * Unlike the node it signs and encrypts with RSA: SimpleSAMLphp 1.19 has no ECDSA.
 */

$metadata[{{ entity_id }}] = [
    'host' => '__DEFAULT__',
    'privatekey' => {{ privatekey }},
    'certificate' => {{ certificate }},
    'auth' => 'residents',

    'signature.algorithm' => 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    'sign.logout' => true,
    'assertion.encryption' => true,
    'saml20.sendartifact' => true,

    // The eIDAS level of assurance of the national node's profiles (a password login here).
    'authproc' => [
        10 => [
            'class' => 'saml:AuthnContextClassRef',
            'AuthnContextClassRef' => 'http://eidas.europa.eu/LoA/substantial',
        ],
    ],
    'attributes.NameFormat' => 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
    'NameIDFormat' => 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',

    'SingleSignOnServiceBinding' => [
        'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
        'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
    ],
    'SingleLogoutServiceBinding' => [
        'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
        'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
    ],
];

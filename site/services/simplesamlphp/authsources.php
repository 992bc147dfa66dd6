<?php
/*
 * Authentication sources of the dev IdP: the administrator, and the test residents.
 *
 * A template filled in by eurzad.devservices.simplesamlphp from idp_residents.py.
 */

$config = [
    'admin' => [
        'core:AdminPassword',
    ],

    // 'username:password' => eIDAS attributes (PersonIdentifier is the PESEL).
    'residents' => array_merge(
        ['exampleauth:UserPass'],
        {{ residents }}
    ),
];

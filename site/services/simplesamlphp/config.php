<?php
/*
 * SimpleSAMLphp's main configuration for the portal's dev/test IdP.
 *
 * A template: eurzad.devservices.simplesamlphp fills in the {{ ... }} values (as PHP literals)
 * and writes the result to the cache folder on every start; edit this file, not the copy.
 * Plain HTTP on loopback only: never use this configuration for a reachable server.
 */

$config = [
    'baseurlpath' => 'simplesaml/',
    'certdir' => {{ certdir }},
    'loggingdir' => {{ loggingdir }},
    'datadir' => {{ datadir }},
    'tempdir' => {{ tempdir }},
    'metadatadir' => {{ metadatadir }},

    'technicalcontact_name' => 'eUrząd (dev IdP)',
    'technicalcontact_email' => 'dev-idp@example.invalid',
    'timezone' => 'Europe/Warsaw',

    // Random per checkout, kept in the cache folder (secrets.json) so sessions survive restarts.
    'secretsalt' => {{ secretsalt }},
    'auth.adminpassword' => {{ adminpassword }},
    'admin.protectindexpage' => false,
    'admin.protectmetadata' => false,
    'admin.checkforupdates' => false,
    'trusted.url.domains' => ['127.0.0.1', 'localhost'],

    'debug' => ['saml' => false, 'backtraces' => true, 'validatexml' => false],
    'showerrors' => true,
    'errorreporting' => false,
    'production' => false,

    // NOTICE keeps the resident's attributes (PESEL) out of the log.
    'logging.level' => SimpleSAML\Logger::NOTICE,
    'logging.handler' => 'file',
    'logging.logfile' => 'simplesamlphp.log',

    'enable.saml20-idp' => true,
    'enable.shib13-idp' => false,
    'enable.adfs-idp' => false,

    'module.enable' => [
        'core' => true,
        'saml' => true,
        'admin' => true,
        'exampleauth' => true,
    ],

    // Plain HTTP: a "secure" cookie would never come back, and the login would loop.
    'session.cookie.secure' => false,
    'session.cookie.samesite' => 'Lax',
    'session.cookie.name' => 'EurzadDevIdPSession',
    'session.phpsession.cookiename' => 'EurzadDevIdP',
    'session.authtoken.cookiename' => 'EurzadDevIdPAuthToken',
    'language.cookie.secure' => false,
    'language.cookie.samesite' => 'Lax',

    'language.available' => ['pl', 'en'],
    'language.default' => 'pl',
    'theme.use' => 'default',

    'metadata.sources' => [
        ['type' => 'flatfile'],
    ],

    // The artifact binding keeps each response in the store until the SP resolves it: with
    // 'phpsession' the SP's back-channel call (no browser cookie) would never find it.
    'store.type' => 'sql',
    'store.sql.dsn' => {{ store_dsn }},
    'store.sql.username' => null,
    'store.sql.password' => null,
    'store.sql.prefix' => 'SimpleSAMLphp',
];

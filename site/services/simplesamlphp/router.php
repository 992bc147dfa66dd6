<?php
/*
 * Router of `php -S` for the dev IdP: every request goes to SimpleSAMLphp as it is (the
 * docroot's "simplesaml" links to its www folder), except artifact resolution, which is served
 * by the fixed copy in www/ArtifactResolutionService.php (see the comment there).
 */

$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if ($path === '/simplesaml/saml2/idp/ArtifactResolutionService.php') {
    require __DIR__ . '/www/ArtifactResolutionService.php';
    return true;
}
return false;

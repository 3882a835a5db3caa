<?php
/**
 * A browser that records instead of sending headers.
 *
 * @package ig-login-relay
 */

/**
 * Records cookies and redirects; never exits.
 */
class Iglr_Test_Browser extends Iglr_Browser {

	/**
	 * Cookies set: name => array( value, expires ).
	 *
	 * @var array
	 */
	public $cookies = array();

	/**
	 * Names of cookies cleared.
	 *
	 * @var string[]
	 */
	public $cleared = array();

	/**
	 * Redirect targets, in order.
	 *
	 * @var string[]
	 */
	public $redirects = array();

	/**
	 * Records a cookie.
	 *
	 * @param string $name    Name.
	 * @param string $value   Value.
	 * @param int    $expires Unix time.
	 */
	public function set_cookie( $name, $value, $expires ) {
		$this->cookies[ $name ] = array(
			'value'   => $value,
			'expires' => $expires,
		);
	}

	/**
	 * Records a cleared cookie.
	 *
	 * @param string $name Name.
	 */
	public function clear_cookie( $name ) {
		$this->cleared[] = $name;
	}

	/**
	 * Records a redirect.
	 *
	 * @param string $url Target.
	 */
	public function redirect( $url ) {
		$this->redirects[] = $url;
	}

	/**
	 * Records a redirect to the relay.
	 *
	 * @param string $url Target.
	 */
	public function redirect_to_relay( $url ) {
		$this->redirects[] = $url;
	}

	/**
	 * The only redirect made.
	 *
	 * @return string
	 */
	public function only_redirect() {
		if ( 1 !== count( $this->redirects ) ) {
			throw new RuntimeException( 'expected exactly one redirect, got ' . count( $this->redirects ) );
		}
		return $this->redirects[0];
	}
}

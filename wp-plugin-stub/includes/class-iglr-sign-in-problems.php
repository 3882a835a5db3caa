<?php
/**
 * What a shopper sees when Instagram did not sign them in.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * A page on the store (?iglr=sign-in-problem, in the store's theme) for each
 * way an Instagram sign-in ends without an account, saying what happened and
 * what to do next, never a bare error:
 *
 * - a personal Instagram account: how to switch to a free professional
 *   (Creator or Business) account in the Instagram app, and "Try again";
 * - an account that is not a tester of an app without Advanced Access: the
 *   store's Instagram sign-in is still being tested, use its registration;
 * - a cancel on Instagram: nothing was shared, "Try again" or "Continue
 *   without Instagram";
 * - Instagram confirmed the shopper but the store could not create the account.
 *
 * Each offers the store's normal registration (Iglr_Registration), with the
 * shopper's @handle carried to its username field when it is known. On a
 * refusal Instagram tells the relay nothing about the person, so only the last
 * case knows it. The address carries a code from the fixed set below, never
 * text; a handle travels only signed by this site.
 */
class Iglr_Sign_In_Problems {

	/** The page's ?iglr= value. */
	const QUERY_VALUE = 'sign-in-problem';

	/**
	 * The page's address.
	 *
	 * @param string $problem     One of Iglr_Messages' codes with a page (has_page()).
	 * @param string $redirect_to Where the sign-in started or was going.
	 * @param string $purpose     'login' or 'link'.
	 * @param string $handle      The shopper's Instagram username when known, else ''.
	 * @return string
	 */
	public static function url( $problem, $redirect_to, $purpose = 'login', $handle = '' ) {
		return add_query_arg(
			array_merge(
				array(
					Iglr_Keys::QUERY_ACTION => self::QUERY_VALUE,
					'problem'               => $problem,
					'purpose'               => 'link' === $purpose ? 'link' : 'login',
					'redirect_to'           => rawurlencode( $redirect_to ),
				),
				Iglr_Registration::signed_handle( $handle )
			),
			home_url( '/' )
		);
	}

	/**
	 * Whether a message code is shown on a page of its own (else as a notice).
	 *
	 * @param string $code Iglr_Messages code.
	 * @return bool
	 */
	public static function has_page( $code ) {
		return in_array( $code, array( Iglr_Messages::NOT_PROFESSIONAL, Iglr_Messages::NOT_TESTER, Iglr_Messages::CANCELLED, Iglr_Messages::ACCOUNT_NOT_CREATED ), true );
	}

	/**
	 * Handles ?iglr=sign-in-problem (template_redirect).
	 */
	public function maybe_handle() {
		if ( self::QUERY_VALUE !== Iglr_Request::query( Iglr_Keys::QUERY_ACTION, 32 ) ) {
			return;
		}
		// Read-only: each value selects fixed texts or is validated before use.
		$problem = sanitize_key( Iglr_Request::query( 'problem', 32 ) );
		if ( ! self::has_page( $problem ) ) {
			wp_safe_redirect( home_url( '/' ) );
			exit;
		}
		$page = self::page( $problem, self::back_to( Iglr_Request::query( 'redirect_to' ) ), 'link' === Iglr_Request::query( 'purpose', 8 ) ? 'link' : 'login', Iglr_Registration::requested_handle() );
		Iglr_Theme_Page::render( $page['title'], $page['content'], 'iglr-sign-in-problem-page' );
	}

	/**
	 * The page for a problem.
	 *
	 * @param string $problem     A code with a page.
	 * @param string $redirect_to Where the sign-in started (validated).
	 * @param string $purpose     'login' or 'link'.
	 * @param string $handle      The shopper's Instagram username, or ''.
	 * @return array{title:string,content:string} The title as plain text, the content as escaped HTML.
	 */
	public static function page( $problem, $redirect_to, $purpose, $handle ) {
		$linking      = 'link' === $purpose && is_user_logged_in();
		$try_again    = $linking ? Iglr_Urls::link_url( $redirect_to ) : Iglr_Urls::start_url( $redirect_to );
		$registration = $linking ? '' : Iglr_Registration::url( $handle );
		$texts        = self::texts( $problem, $linking, $handle, '' !== $registration );

		$actions = array();
		if ( Iglr_Messages::NOT_TESTER !== $problem ) {
			$actions[] = array( 'iglr-try-again', __( 'Try again', 'ig-login-relay' ), $try_again );
		}
		if ( '' !== $registration ) {
			$register = array( 'iglr-register', __( 'Create an account with your email', 'ig-login-relay' ), $registration );
			// Where Instagram cannot work for this shopper, registering is the way forward.
			if ( in_array( $problem, array( Iglr_Messages::NOT_TESTER, Iglr_Messages::ACCOUNT_NOT_CREATED ), true ) ) {
				array_unshift( $actions, $register );
			} else {
				$actions[] = $register;
			}
		}
		$continue = array( 'iglr-continue', $linking ? __( 'Back to your account', 'ig-login-relay' ) : __( 'Continue without Instagram', 'ig-login-relay' ), $redirect_to );
		if ( array() === $actions ) {
			// Nothing else to offer: going on without Instagram is the way forward.
			$actions[] = $continue;
			$continue  = null;
		}

		$buttons = Iglr_Theme_Page::buttons(
			array_map(
				function ( $action ) {
					return array(
						'class' => $action[0],
						'label' => $action[1],
						'url'   => $action[2],
					);
				},
				$actions
			)
		);

		ob_start();
		?>
		<div class="iglr-card iglr-problem iglr-problem--<?php echo esc_attr( $problem ); ?>">
			<h1 class="wp-block-heading iglr-card__title"><?php echo esc_html( $texts['title'] ); ?></h1>
			<?php foreach ( $texts['paragraphs'] as $paragraph ) : ?>
				<p><?php echo esc_html( $paragraph ); ?></p>
			<?php endforeach; ?>
			<?php if ( array() !== $texts['steps'] ) : ?>
				<ol class="iglr-card__steps">
					<?php foreach ( $texts['steps'] as $step ) : ?>
						<li><?php echo esc_html( $step ); ?></li>
					<?php endforeach; ?>
				</ol>
			<?php endif; ?>
			<?php echo $buttons; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in Iglr_Theme_Page::buttons(). ?>
			<?php if ( null !== $continue ) : ?>
				<p class="iglr-card__secondary">
					<a class="<?php echo esc_attr( $continue[0] ); ?>" href="<?php echo esc_url( $continue[2] ); ?>"><?php echo esc_html( $continue[1] ); ?></a>
				</p>
			<?php endif; ?>
		</div>
		<?php
		return array(
			'title'   => $texts['title'],
			'content' => (string) ob_get_clean(),
		);
	}

	/**
	 * The words of a problem's page.
	 *
	 * @param string $problem      A code with a page.
	 * @param bool   $linking      Whether a signed-in user was linking Instagram.
	 * @param string $handle       The shopper's Instagram username, or ''.
	 * @param bool   $can_register Whether the store's registration is offered.
	 * @return array{title:string,paragraphs:string[],steps:string[]}
	 */
	private static function texts( $problem, $linking, $handle, $can_register ) {
		$register_hint = $can_register ? array( __( 'You can also create an account with your email address instead.', 'ig-login-relay' ) ) : array();
		switch ( $problem ) {
			case Iglr_Messages::NOT_PROFESSIONAL:
				return array(
					'title'      => __( 'Instagram sign-in needs a professional account', 'ig-login-relay' ),
					'paragraphs' => array(
						__( 'Your Instagram account is a personal account. Instagram lets shops sign people in only with a professional account: Creator or Business.', 'ig-login-relay' ),
						__( 'Switching is free and takes about a minute, in the Instagram app:', 'ig-login-relay' ),
					),
					'steps'      => array(
						__( 'Open your profile and tap the menu (☰) at the top.', 'ig-login-relay' ),
						__( 'Tap “Account type and tools”, then “Switch to professional account”.', 'ig-login-relay' ),
						__( 'Choose Creator or Business and follow the steps.', 'ig-login-relay' ),
						__( 'Come back here and tap “Try again”.', 'ig-login-relay' ),
					),
				);
			case Iglr_Messages::NOT_TESTER:
				return array(
					'title'      => __( 'Instagram sign-in is not open to everyone yet', 'ig-login-relay' ),
					'paragraphs' => array(
						__( "This store's Instagram sign-in is still being tested, and until it is approved Instagram lets only the store's testers use it. Nothing is wrong with your Instagram account.", 'ig-login-relay' ),
						$can_register
							? __( "Please use the store's normal registration instead: create an account with your email address.", 'ig-login-relay' )
							: __( 'You can keep shopping and signing in as you do now.', 'ig-login-relay' ),
					),
					'steps'      => array(),
				);
			case Iglr_Messages::ACCOUNT_NOT_CREATED:
				$paragraphs = array(
					'' === $handle
						? __( 'Instagram confirmed who you are, but the store could not create an account for you.', 'ig-login-relay' )
						/* translators: %s: Instagram username. */
						: sprintf( __( 'Instagram confirmed you as @%s, but the store could not create an account for you.', 'ig-login-relay' ), $handle ),
				);
				if ( $can_register ) {
					$paragraphs[] = '' !== $handle && Iglr_Registration::asks_username()
						/* translators: %s: Instagram username. */
						? sprintf( __( 'Create an account with your email address instead: your username @%s is filled in for you.', 'ig-login-relay' ), $handle )
						: __( 'Create an account with your email address instead, or try again later.', 'ig-login-relay' );
				}
				return array(
					'title'      => __( 'We could not create your account', 'ig-login-relay' ),
					'paragraphs' => $paragraphs,
					'steps'      => array(),
				);
			default:
				return array(
					'title'      => __( 'You cancelled signing in with Instagram', 'ig-login-relay' ),
					'paragraphs' => array_merge(
						array(
							$linking
								? __( 'Nothing was shared with the store and nothing was linked.', 'ig-login-relay' )
								: __( 'Nothing was shared with the store, and no account was made.', 'ig-login-relay' ),
						),
						$register_hint
					),
					'steps'      => array(),
				);
		}
	}

	/**
	 * Where "Continue without Instagram" goes: a same-site address that is not
	 * one of the plugin's own handlers, else the home page.
	 *
	 * @param string $requested The requested address.
	 * @return string
	 */
	private static function back_to( $requested ) {
		$target = wp_validate_redirect( esc_url_raw( (string) $requested ), '' );
		if ( '' === $target || false !== strpos( $target, Iglr_Keys::QUERY_ACTION . '=' ) ) {
			return home_url( '/' );
		}
		return $target;
	}
}
